"""One modal per file: typed ModalScreen[Result] + dismiss(result); the caller decides what to save."""
