"""Chinese surnames: which one a name starts with (王美丽 -> 王, 欧阳娜娜 -> 欧阳), or none.

The single surnames of the 百家姓 plus the common modern ones it lacks (肖, 付, 闫, 覃, ...), and
its compound surnames. A name that does not start with one ("VIP王美丽", "(二胎)李娜娜", "Mary Chen",
"宝妈") has no surname here: whoever masks a name (the wall) then shows nothing of it, rather than
guessing and showing a prefix that may say more than the name.
"""
from __future__ import annotations

SINGLE = frozenset(
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎"
    "鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄"
    "和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭"
    "梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚"
    "程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫"
    "宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴鬱胥能苍双"
    "闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍却璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容"
    "向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空"
    "曾毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公晋楚闫法汝鄢涂钦岳帅缑亢况佘佴墨哈谯笪年爱阳佟"
    "言福"
    # common today, not in the 百家姓
    "肖付覃代兰芦丛位隋辜苑畅来苟邸揭迟练冼原官衣栗谌银保植"
)
COMPOUND = (
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "司空",
    "夏侯", "轩辕", "令狐", "钟离", "端木", "独孤", "南宫", "闻人", "呼延", "澹台", "万俟", "赫连", "公羊",
    "公冶", "宗政", "濮阳", "淳于", "单于", "太叔", "申屠", "仲孙", "鲜于", "闾丘", "亓官", "司寇", "子车",
    "颛孙", "巫马", "公西", "漆雕", "乐正", "壤驷", "公良", "拓跋", "夹谷", "宰父", "谷梁", "段干", "百里",
    "东郭", "南门", "西门", "东门", "归海", "羊舌", "微生", "梁丘", "左丘", "第五",
)


def surname_of(name: str) -> str | None:
    """The Chinese surname `name` starts with (a compound one first, if more follows it), else None."""
    name = (name or "").strip()
    for compound in COMPOUND:
        if name.startswith(compound) and len(name) > len(compound):
            return compound
    return name[0] if name and name[0] in SINGLE else None
