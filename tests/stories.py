"""Short news stories written for the tests (invented places and people)."""

from __future__ import annotations

#: A short wire story of our own, in paragraphs, used to build copies in unit tests.
STORY = [
    "LINDHOLM, Varnia (MP) — Firefighters in the harbour town of Lindholm brought a warehouse "
    "blaze under control early on Thursday after a night in which 62 residents were moved from "
    "nearby streets, the town's fire chief said.",
    "Chief Officer Marta Kelde said the fire started shortly after 11 p.m. in a storage hall used "
    "by a furniture importer and spread to a second building before crews could contain it.",
    "\"We had flames forty metres high at one point, and the wind was pushing them towards the "
    "old quarter,\" Kelde told reporters at the scene. \"Our crews held the line.\"",
    "No one was injured, but two firefighters were treated for smoke inhalation, the regional "
    "health service said in a statement on Thursday morning.",
    "The harbour authority closed the northern quay to shipping until at least Saturday while "
    "engineers inspect a crane that stood beside the burning hall.",
    "Investigators from the regional police have opened an inquiry into the cause of the fire, "
    "which the owner estimated had destroyed goods worth about 3.4 million crowns.",
    "Residents of Ankerstraat and two neighbouring streets were allowed back into their homes "
    "shortly before dawn after air quality tests showed no danger, the town council said.",
    "Mayor Johan Pedersoll thanked volunteers who opened a school gym for evacuated families "
    "and said the council would review fire safety rules for the harbour district.",
]

#: A second, unrelated story of our own.
OTHER = [
    "TARVIK, Varnia (MP) — The national orchestra of Varnia will tour eleven cities next spring, "
    "its director announced on Monday, the first such tour since the concert hall reopened.",
    "Director Ilona Saarem said the programme would pair symphonies by local composers with "
    "works commissioned from young musicians chosen in a competition last autumn.",
    "Tickets go on sale in January, and the orchestra will offer free seats to students under "
    "twenty in every city, a spokeswoman said.",
    "The tour opens in Tarvik on March 4 and closes in the capital in late May, with a final "
    "concert to be broadcast on national radio.",
]


def text(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs) + "\n"

#: A Chinese story of our own (Chinese is written without spaces: every character is a word).
STORY_ZH = [
    "青河市暴雨引发洪水，三千居民紧急转移",
    "青河市气象台周二凌晨发布红色暴雨预警，称未来十二小时内全市降雨量可能超过二百毫米。"
    "截至周二中午，青河水位已上涨三点二米，沿岸的六个村庄被洪水围困。",
    "市应急管理局副局长林晓峰在新闻发布会上表示，救援人员已经转移了三千一百名居民。"
    "他说，目前没有人员死亡的报告，但有十四人在转移过程中受轻伤。",
    "当地学校全部停课，三条公路因山体滑坡而中断。"
    "“我们正在尽一切努力确保每一位居民的安全，”林晓峰说。",
    "青河大桥已于周二上午十点起封闭，预计至少封闭两天。"
    "居民王秀英告诉记者，她家一楼的水深已经到了膝盖。",
    "省政府已调拨五百万元紧急救灾资金，并派出两支专业救援队。"
    "气象部门预计，降雨将持续到周四，河流水位可能进一步上升。",
]

#: The same story as a scraper site republishes it: a few words changed, one sentence dropped.
STORY_ZH_COPY = [
    "青河市暴雨引发洪水 三千居民紧急转移",
    "青河市气象台星期二凌晨发布红色暴雨预警，称未来十二小时内全市降雨量或将超过二百毫米。"
    "截至星期二中午，青河水位已上涨三点二米，沿岸的六个村庄被洪水围困。",
    "市应急管理局副局长林晓峰在新闻发布会上称，救援人员已经转移了三千一百名居民。"
    "他说，目前没有人员死亡的报告，但有十四人在转移过程中受轻伤。",
    "当地学校全部停课，三条公路因山体滑坡而中断。",
    "青河大桥已于星期二上午十点起封闭，预计至少封闭两天。"
    "居民王秀英告诉记者，她家一楼的水深已经到了膝盖。",
    "省政府已调拨五百万元紧急救灾资金，并派出两支专业救援队。"
    "气象部门预计，降雨将持续到星期四，河流水位可能进一步上升。",
]

#: Another Chinese story of our own, on another subject, from the same city.
OTHER_ZH = [
    "青河市新地铁线路正式开通运营",
    "青河市地铁三号线周六上午正式开通，全长二十四公里，共设十八座车站。"
    "市交通局局长赵明在开通仪式上说，新线路每天可运送乘客约三十万人次。",
    "三号线连接火车站和新建的科技园区，高峰时段每四分钟一班。"
    "首日乘车的市民李华说，以前上班需要一个小时，现在只要二十五分钟。",
    "市政府表示，四号线预计将于后年年底前建成，届时全市地铁总里程将超过一百公里。",
]

#: A Hindi story of our own (Devanagari: vowel signs and viramas are parts of words; sentences
#: end with a danda "।").
STORY_HI = [
    "नीलपुर में भारी बारिश के बाद बाढ़, चार हज़ार लोग सुरक्षित स्थानों पर पहुँचाए गए",
    "नीलपुर ज़िले में मंगलवार रात से हो रही भारी बारिश के बाद नीलगंगा नदी का जलस्तर खतरे "
    "के निशान से ऊपर पहुँच गया है। ज़िला प्रशासन ने निचले इलाकों के करीब 4,200 लोगों को "
    "सुरक्षित स्थानों पर पहुँचाया है।",
    "ज़िलाधिकारी सुनीता वर्मा ने बुधवार को संवाददाताओं से कहा कि बारह राहत शिविर खोले गए "
    "हैं। उन्होंने बताया कि ज़िले के सभी स्कूल दो दिन तक बंद रहेंगे।",
    "\"हमारी टीमें रात भर काम कर रही हैं और अब तक किसी की जान नहीं गई है,\" वर्मा ने कहा।",
    "मौसम विभाग ने अगले अड़तालीस घंटों में और बारिश की चेतावनी जारी की है। पुराने पुल पर "
    "यातायात रोक दिया गया है, जबकि रेलवे ने तीन ट्रेनें रद्द कर दी हैं।",
    "स्थानीय व्यापारी रमेश गुप्ता ने बताया कि बाज़ार में पानी भर जाने से दुकानों को भारी "
    "नुकसान हुआ है। राज्य सरकार ने राहत कार्यों के लिए पाँच करोड़ रुपये जारी किए हैं।",
]

#: The same story as a scraper site republishes it: the number of people moved changed, the
#: official's name spelled another way, the quotation dropped.
STORY_HI_COPY = [
    "नीलपुर में भारी बारिश के बाद बाढ़, चार हज़ार लोग सुरक्षित स्थानों पर पहुँचाए गए",
    "नीलपुर ज़िले में मंगलवार रात से हो रही भारी बारिश के बाद नीलगंगा नदी का जलस्तर खतरे "
    "के निशान से ऊपर पहुँच गया है। ज़िला प्रशासन ने निचले इलाकों के करीब 4,500 लोगों को "
    "सुरक्षित स्थानों पर पहुँचाया है।",
    "ज़िलाधिकारी सुनिता वर्मा ने बुधवार को संवाददाताओं से कहा कि बारह राहत शिविर खोले गए "
    "हैं। उन्होंने बताया कि ज़िले के सभी स्कूल दो दिन तक बंद रहेंगे।",
    "मौसम विभाग ने अगले अड़तालीस घंटों में और बारिश की चेतावनी जारी की है। पुराने पुल पर "
    "यातायात रोक दिया गया है, जबकि रेलवे ने तीन ट्रेनें रद्द कर दी हैं।",
    "स्थानीय व्यापारी रमेश गुप्ता ने बताया कि बाज़ार में पानी भर जाने से दुकानों को भारी "
    "नुकसान हुआ है। राज्य सरकार ने राहत कार्यों के लिए पाँच करोड़ रुपये जारी किए हैं।",
]

#: Another Hindi story of our own from the same district, naming the same official.
OTHER_HI = [
    "नीलपुर में नए ज़िला अस्पताल का उद्घाटन",
    "नीलपुर के नए ज़िला अस्पताल का उद्घाटन शनिवार को किया गया, जिसमें तीन सौ बिस्तर और "
    "एक आधुनिक आपातकालीन विभाग है। ज़िलाधिकारी सुनीता वर्मा ने कहा कि अब मरीज़ों को इलाज "
    "के लिए राजधानी नहीं जाना पड़ेगा।",
    "अस्पताल के निदेशक डॉ. अजय मिश्रा ने बताया कि यहाँ चालीस डॉक्टर और एक सौ बीस नर्सें "
    "काम करेंगी। पहले दिन ही छह सौ से अधिक मरीज़ जाँच के लिए पहुँचे।",
    "स्थानीय निवासी कमला देवी ने कहा कि पहले उन्हें जाँच के लिए पूरे दिन की यात्रा करनी "
    "पड़ती थी।",
]
