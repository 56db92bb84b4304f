//! The grade of a note, after the playbook's notes guidance: great states the intent (or its
//! absence) and why, concretely; marginal lacks the reason, hedges, or buries the point;
//! poor is blank, too short, bare status words, or engagement logistics instead of intent.

use crate::text;
use entrack_core::{Lang, L1};
use serde::Serialize;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Great,
    Marginal,
    Poor,
}

impl Level {
    pub fn code(self) -> &'static str {
        match self {
            Level::Great => "great",
            Level::Marginal => "marginal",
            Level::Poor => "poor",
        }
    }

    pub fn from_code(s: &str) -> Option<Level> {
        [Level::Great, Level::Marginal, Level::Poor]
            .into_iter()
            .find(|l| l.code() == s)
    }
}

/// Why a note is not great.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReasonCode {
    /// Nothing written.
    Empty,
    /// Too few words to say what and why.
    TooShort,
    /// Only status words ("no intent", "unresponsive").
    BareStatus,
    /// Scheduling and meetings instead of the customer's intent.
    Logistics,
    /// No reason for the status.
    NoReason,
    /// A reason in general words only ("cloud/data/legal issues", "technical reasons").
    VagueReason,
    /// A hedge ("for now", "vorerst", "por ahora", "暂时").
    Hedge,
    /// So long that the point is buried.
    TooLong,
    /// Points elsewhere instead of saying it ("see above", "as discussed", "wie bei
    /// Exchange", "同上").
    Reference,
}

impl ReasonCode {
    pub fn code(self) -> &'static str {
        match self {
            ReasonCode::Empty => "empty",
            ReasonCode::TooShort => "too-short",
            ReasonCode::BareStatus => "bare-status",
            ReasonCode::Logistics => "logistics",
            ReasonCode::NoReason => "no-reason",
            ReasonCode::VagueReason => "vague-reason",
            ReasonCode::Hedge => "hedge",
            ReasonCode::TooLong => "too-long",
            ReasonCode::Reference => "reference",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub code: ReasonCode,
    /// The words that show it, when there are some.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grade {
    pub level: Level,
    pub reasons: Vec<Reason>,
}

/// Notes longer than this (words, a Chinese character two thirds of one) bury their point
/// (D197: of the labelled notes of 60 to 69 words, 12 are marginal and 1 great).
const LONG: usize = 60;
/// In Progress notes this long name their meetings among much else (see the logistics).
const MEETING_AMONG: usize = 30;
/// Notes shorter than this say too little.
const SHORT: usize = 3;
/// A note this short needs a reason word to be great.
const TERSE: usize = 6;
/// ... or, from this length, a figure or a name beside its cause.
const CONCRETE: usize = 4;
/// From this size, a note of work under way that names its kind says where it stands.
const WORK: usize = 8;

const HEDGES: &[&str] = &[
    "for now",
    "for the time being",
    "for the moment",
    "at the moment",
    "at this time",
    "at this stage",
    "at this point",
    "as of now",
    "vorläufig",
    "por lo pronto",
    "暂且",
    "眼下",
    "zu diesem zeitpunkt",
    "此时",
    "atm|",
    "currently",
    "right now",
    // Some day, and not why not now (before "maybe", which it holds).
    "maybe next year",
    "vielleicht nächstes jahr",
    "quizá el año que viene",
    "也许明年",
    "maybe",
    "possibly",
    "probably",
    "hopefully",
    "tbd",
    "not sure",
    "will update later",
    "update later",
    "vorerst",
    "im moment",
    "derzeit",
    "momentan",
    "zurzeit",
    // Whole word: "die aktuelle Mail" is the current mail, no hedge.
    "aktuell|",
    "vielleicht",
    "eventuell",
    "möglicherweise",
    "vermutlich",
    "wahrscheinlich",
    "update folgt",
    "por ahora",
    "de momento",
    "por el momento",
    "ahora mismo",
    "en este momento",
    "actualmente",
    "quizás",
    "quizá",
    "tal vez",
    "posiblemente",
    "probablemente",
    "actualizaremos",
    "暂时",
    // Not "暂不" alone: "暂不支持" states a gap of the product.
    "暂不考虑",
    "目前",
    "也许",
    "希望如此",
    "可能",
    "或许",
    "之后更新",
    "稍后更新",
    // Guesses and hearsay.
    "might",
    "may be",
    "there may",
    "seems",
    "seem to",
    "looks like",
    "apparently",
    "i guess",
    "i think",
    "scheint",
    "sieht nach",
    "sieht so aus",
    "anscheinend",
    "denke ich",
    "glaube ich",
    "parece",
    "al parecer",
    "puede que",
    "supongo",
    "似乎",
    "好像",
    "看起来",
    "据说",
    // Not "大概" alone: "大概完成一半" (about half done) is a figure.
    "大概没有",
    // "It must be …", as a guess: "应该是行弄错了。" (set 439).
    "应该是",
    // Unsure which status, or hoping for the end (D285). In the first person only: the
    // customer unsure ("noch unklar, ob sie ausgerollt werden sollen", "不确定SharePoint
    // 对他们有多大用处") is the reason, not a hedge.
    "bin nicht sicher",
    "weiß nicht, ob",
    "no sé si|",
    "no estoy seguro",
    "我不确定",
    "hoffentlich",
    // Guesses in German, and "likely" (D299).
    "evtl|",
    "ich glaube",
    "offenbar",
    "wohl|",
    "likely|",
    // A fix said to come soon, and not when (D299).
    "should be fixed soon",
    "should be done soon",
    "sollte bald",
    "debería arreglarse pronto",
    "debería estar pronto",
    "应该很快",
    "con suerte",
    "ojalá",
    "但愿",
    "希望很快",
    "creo que",
    // In principle, and not for sure (set 422). "grundsätzlich" beside a refusal is on
    // principle, no hedge.
    "in principle",
    "im prinzip",
    "grundsätzlich",
    "en principio",
    "原则上",
    "tiene pinta",
    "看样子",
    "will update this note",
    "when i know more",
    "sobald ich mehr weiß",
    "cuando sepa más",
    "等我了解更多",
];

/// The meetings of LOGISTICS that open an engagement: a kickoff, an introduction.
const INTRODUCTIONS: &[&str] = &[
    "kickoff",
    "kick-off",
    "kick off",
    "intro-call",
    "intro call",
    "介绍电话",
    "vorstellungstermin",
    "llamada de presentación",
    "介绍会",
    // The first call, as the introduction is often named (set 457).
    "first call",
    "erster call",
    "primera llamada",
    "首次通话",
];

const LOGISTICS: &[&str] = &[
    "kickoff",
    "kick-off",
    "kick off",
    // Before "call am": the first call is found as what it is (set 457).
    "first call",
    "erster call",
    "primera llamada",
    "首次通话",
    // The quarterly business review, as FMs name it in every language.
    "qbr|",
    // A meeting that did not take place, and nothing of the service (set 433).
    "meeting fell through",
    "call fell through",
    "会黄了",
    "meeting scheduled",
    "meeting has been scheduled",
    "meeting is scheduled",
    "call has been scheduled",
    "call is scheduled",
    "scheduled a call",
    "call scheduled",
    "schedule a call",
    "next meeting",
    "meeting next week",
    "call next week",
    "workshop scheduled",
    "calendar invite",
    "sent an invite",
    "sent invite",
    "booked a session",
    "meeting booked",
    "call booked",
    "booked w/",
    "booked with",
    "set up a meeting",
    "set up a call",
    "reschedul",
    "agenda",
    "termin|",
    // Not "termine" alone: Spanish "cuando termine" (when it ends).
    "termine mit",
    "termine am",
    "termine für",
    "termine vereinbart",
    "termine geplant",
    "terminiert",
    "terminvorschlag",
    "terminabstimmung",
    "folgetermin",
    "abstimmungstermin",
    "besprechung",
    "einladung",
    "workshop geplant",
    "meeting geplant",
    "reunión",
    "llamada programada",
    "agendar",
    "agendada",
    "convocatoria",
    "taller programado",
    "taller previsto",
    "taller agendado",
    "启动会",
    "会议",
    // Not "安排" alone: "安排了培训" (training arranged) is progress, not logistics.
    "安排会议",
    "安排电话",
    "安排通话",
    "下周安排",
    "日程",
    "电话会",
    "工作坊",
    "meeting w/",
    "follow up call",
    "follow-up call",
    "followup call",
    "workshop with",
    "workshop on",
    "discuss next steps",
    "workshop mit",
    "workshop am",
    "nächsten schritte",
    "llamada de seguimiento",
    "reunión de seguimiento",
    "taller con",
    "próximos pasos",
    "跟进电话",
    "讨论下一步",
    "约客户",
    "通话讨论",
    "下周通话",
    "meeting with cust",
    "开会",
    // A meeting held ("10月开完会之后就没动静了") (set 422).
    "开完会",
    "mtg|",
    "mtgs|",
    "nächstes meeting",
    "meeting am",
    "meeting mit dem kunden",
    "próxima reunión",
    "call with",
    "call w/",
    "meeting w/",
    "mtg w/",
    "call on",
    "call mit",
    "call am",
    "llamada con",
    "llamada el",
    // A standing call, and what was said in one with no more ("declined in the call").
    "weekly call",
    "weekly sync",
    "weekly meeting",
    "wöchentlicher sync",
    // The weekly as a noun, and the next one (set 436).
    "weekly wie gewohnt",
    "nächstes weekly",
    "sync semanal",
    "próximo sync",
    "wöchentlicher termin",
    "wöchentlicher call",
    "llamada semanal",
    "reunión semanal",
    "例会",
    "周会",
    "in the call",
    "im call",
    "en la llamada",
    "电话里",
    // The introduction or a follow-up to make, and no more.
    "intro-call",
    "介绍电话",
    "intro call",
    "vorstellungstermin",
    "llamada de presentación",
    "介绍会",
    // A demo to give, and no more.
    "demo scheduled",
    "demo planned",
    "demo geplant",
    "demo für",
    "demo programada",
    "演示安排",
    "intro email",
    "intro mail",
    "intro-mail",
    "correo de presentación",
    "介绍邮件",
    "follow up|",
    "nachfassen",
    "nachhaken",
    "dar seguimiento",
    "hake nach",
    "fasse nach",
    "daré seguimiento",
    "doy seguimiento",
    "会跟进",
    "再跟进",
    // The same, shortened or said of the customer (D281).
    "f/u",
    "seguimiento con el cliente",
    "hacer seguimiento",
    "haremos seguimiento",
    "跟进客户",
    "下周跟进",
    // A check-in to come is a follow-up too (set 442).
    "checking in next",
    "check in next",
    "melde mich nächste woche",
    "vuelvo a consultar",
    // A mail sent, and nothing of what came of it (set 455).
    "sent mail",
    "sent a mail",
    "sent an email",
    "sent an e-mail",
    "mail sent",
    "email sent",
    "e-mail sent",
    "mail geschickt",
    "mail verschickt",
    "mail gesendet",
    "correo enviado",
    "envié un correo",
    "已发邮件",
    "发了邮件",
    // A reminder sent again, and no more (set 355).
    "pinged again",
    "nochmal angepingt",
    "erneut angepingt",
    "escribí otra vez",
    "又催了一次",
    // Booked, set and planned meetings in other words (D219).
    "workshop booked for",
    "follow-up meeting",
    "follow up meeting",
    "followup meeting",
    "einführungscall",
    "call für",
    "statuscall",
    "status call",
    "约好",
    "与客户通话",
    "和客户通话",
    "跟客户通话",
    "下次通话",
    "议题",
];

/// A cause in general words: the category of a problem, not the problem. In a short note
/// with nothing concrete beside it, the reason is as good as missing (domain.md 4.9: "vague
/// category words").
const VAGUE_REASONS: &[&str] = &[
    // Not quite at ease, and not with what (set 424).
    "quite comfortable",
    "nicht ganz überzeugt",
    // A feeling, and not what about (set 423).
    "bad feeling",
    "bauchschmerzen",
    "no les convence",
    "心里没底",
    "cloud/data/legal",
    "cloud-/daten-/rechtsthemen",
    "cloud-/daten-/rechts",
    "temas de nube/datos/legales",
    "nube/datos/legales",
    "云/数据/法律",
    "legal issues",
    "technical issues",
    "technical reasons",
    "some issues",
    "einige probleme",
    "algunos problemas",
    "有些问题",
    "一些问题",
    "various issues",
    "several issues",
    "certain issues",
    "various reasons",
    "internal reasons",
    "technische probleme",
    "technischer probleme",
    "technischen problemen",
    "technische gründe",
    "interne gründe",
    "verschiedene gründe",
    "rechtliche probleme",
    "diverse probleme",
    "problemas técnicos",
    "motivos técnicos",
    "motivos internos",
    "varios motivos",
    "problemas legales",
    "diversos problemas",
    "技术问题",
    "技术原因",
    "内部原因",
    "各种原因",
    "法律问题",
    "一些问题",
    "some concerns",
    "certain concerns",
    "einiger bedenken",
    "einige bedenken",
    "algunas dudas",
    "algunas preocupaciones",
    "一些顾虑",
    "business reasons",
    "internen gründen",
    "geschäftlichen gründen",
    "geschäftliche gründe",
    "motivos de negocio",
    "razones de negocio",
    "业务原因",
    // The cloud feared, and not what of it ("Cannot deploy because of cloud/data/legal
    // issues" is the guidance's poor note).
    "concerns about the cloud",
    "cloud concerns",
    "bedenken wegen der cloud",
    "bedenken gegenüber der cloud",
    "dudas sobre la nube",
    "preocupaciones sobre la nube",
    "对云有顾虑",
    "对云有担忧",
    // Slow, and not why.
    "is slow",
    "ist langsam",
    "va lento",
    "很慢",
    "nothing happened",
    "nichts passiert",
    "no ha pasado nada",
    "没有任何进展",
    // Business apps that do not work, and not which (D294).
    "some business apps",
    "einige fachanwendungen",
    "algunas aplicaciones de negocio",
    "有些业务应用",
    "一些业务应用",
    // Things to sort out, and not which.
    "a few things",
    "some things",
    "a few topics",
    "internal activities",
    "einige dinge",
    "ein paar dinge",
    "einige themen",
    "interne themen",
    "algunos temas",
    "algunas cosas",
    "temas internos",
    "一些事情",
    "一些事",
    "内部事情",
];

/// An event to wait for, named and no more: a reason without its why (the playbook's
/// marginal "Until the merger is complete, customer will not deploy"), where its great note
/// says what the event holds up. So is a thing named without saying what is wrong with it
/// (the playbook's marginal "due to specific infrastructure on-prem").
const AWAITED_EVENTS: &[&str] = &[
    // The customer's own decision or order inside, and not what it is about (set 444).
    "until they decide",
    "until they sort",
    "bis sie entschieden",
    "bis sie sich entscheiden",
    "bis die intern",
    "hasta que decidan",
    "hasta que se organicen",
    "a que se organicen",
    "等他们决定",
    "等他们内部",
    // What the product cannot do, and not what ("Teams can't do what they need yet").
    "do what they need",
    "was sie brauchen",
    "no hace lo que necesitan",
    "做不到他们要的",
    // Another tenant, and not which ("Duplicate of another tenant").
    "of another tenant",
    "eines anderen tenants",
    "de otro tenant",
    "与另一个租户重复",
    // Another tenant to see, and not which ("Invalid, see other tenant") (D221).
    "see other tenant",
    "see the other tenant",
    "siehe anderen tenant",
    "ver el otro tenant",
    "见另一个租户",
    "specific infrastructure",
    "on-prem infrastructure",
    "lokale infrastruktur",
    "infraestructura local",
    "本地基础设施",
    "until the acquisition",
    "acquisition closes",
    "bis die übernahme",
    "übernahme abgeschlossen",
    "hasta que se cierre la adquisición",
    "收购完成",
    "spezieller lokaler infrastruktur",
    "spezielle lokale infrastruktur",
    "infraestructura local específica",
    "特定的本地基础设施",
    "until the merger",
    "merger is complete",
    "merger completes",
    "merger is completed",
    "merger is done",
    "merger to close",
    "merger closes",
    "cierre de la fusión",
    "until the acquisition",
    // Another project's go-live waited for: which project, not what it holds up.
    "until the erp",
    "bis zum erp",
    "hasta que pase la puesta en marcha",
    "erp上线之前",
    "erp上线前",
    // An approval waited for, and not what it is about ("Blocked until legal approves").
    "until legal approves",
    "legal approves",
    "freigabe durch die rechtsabteilung",
    "que legal lo apruebe",
    "等法务批准",
    "等法务审核",
    // Priorities named, not what takes them.
    "internal priorities",
    "other priorities",
    "interner prioritäten",
    "interne prioritäten",
    "anderer prioritäten",
    "andere prioritäten",
    "anderen prioritäten",
    "prioridades internas",
    "otras prioridades",
    "内部优先级",
    "其他优先事项",
    "until the reorganisation",
    "until the reorganization",
    "until the reorg",
    // A new executive awaited, and not what they are to decide (set 363).
    "until the new cfo",
    "until the new cio",
    "until the new ceo",
    "bis der neue cfo",
    "bis der neue cio",
    "bis der neue ceo",
    "hasta que empiece el nuevo",
    "hasta que llegue el nuevo",
    "上任前",
    "bis die umstrukturierung",
    "bis zur umstrukturierung",
    "bis die reorganisation",
    "hasta que termine la reorganización",
    "hasta la reorganización",
    "重组完成前",
    "重组完成之前",
    "bis die fusion",
    "bis zur fusion",
    "bis zur übernahme",
    "fusion abgeschlossen",
    "abschluss der fusion",
    "hasta que termine la fusión",
    "hasta la fusión",
    "hasta que se complete la fusión",
    "hasta completar la fusión",
    "fusión se complete",
    "并购完成前",
    "并购完成之前",
    "合并完成前",
    "收购完成前",
    "customer decision",
    "customer's decision",
    "decision from the customer",
    "entscheidung des kunden",
    "kundenentscheidung",
    "decisión del cliente",
    "直到合并完成",
    "合并完成",
    "客户就",
    "做出决定",
    "wait and see",
    "abwarten",
    "esperar a ver",
    "esperar y ver",
    "观望",
    // Until further notice: an end not named.
    "until further notice",
    "bis auf weiteres",
    "hasta nuevo aviso",
    "进一步通知",
    "另行通知",
    // Being busy, and not with what: the customer's time is short, the why is not given.
    "customer busy",
    "customer is busy",
    "too busy",
    "zu ausgelastet",
    "está demasiado ocupada",
    "está demasiado ocupado",
    "están demasiado ocupados",
    "zu viel zu tun",
    "keine zeit",
    "está liado",
    "están liados",
    "está ocupado",
    "están ocupados",
    "太忙",
    "很忙",
    "没时间",
];

/// The customer has not decided, is still weighing it, or will say later: no answer yet,
/// and no reason (D107).
const UNDECIDED: &[&str] = &[
    // Still deciding, or to decide later, and nothing of on what (set 426).
    "still deciding whether",
    "prüft, ob er",
    "prüft, ob sie",
    "entscheidet noch",
    "aun decide",
    "还在决定",
    "evaluating whether",
    "evalua si",
    "在评估是否",
    "decide next year",
    "entscheiden nächstes jahr",
    "lo decidiran",
    "明年再定",
    "decision on the rollout later",
    "entscheidung zum rollout später",
    "no decision yet",
    "noch nicht entschieden",
    "aún no ha decidido",
    "还没决定",
    "尚未决定",
    "not decided yet",
    "hasn't decided",
    "has not decided",
    "not ready yet to",
    "noch nicht so weit",
    // Still open, as idioms say it ("up in the air", "en veremos", "八字还没一撇") (set 433).
    "up in the air",
    "steht in den sternen",
    "en veremos",
    "八字还没一撇",
    // Nothing known yet of a new workload: no answer yet.
    "no info yet",
    "no information yet",
    // Nothing known yet (D300).
    "nothing known yet",
    "noch nichts bekannt",
    "aún no se sabe nada",
    "还什么都不知道",
    "noch keine infos",
    "noch keine informationen",
    "sin info aún",
    "sin información aún",
    "暂无信息",
    "还没有信息",
    "not ready to move forward",
    "will let us know",
    "will come back to us",
    "get back to us",
    "thinking about it",
    "will revisit",
    // Checked inside, and nothing said of what (D294).
    "checking internally",
    "prüft intern",
    "revisa internamente",
    "内部在查",
    // Things to put in order inside, and not which (set 444).
    "sort things out",
    "intern alles geklärt",
    "se organicen internamente",
    "内部理顺",
    // The customer's own "maybe later", reported: no answer yet (D292).
    "maybe later",
    "vielleicht später",
    "quizá más adelante",
    "以后再说",
    "noch keine entscheidung",
    "meldet sich danach",
    "meldet sich später",
    "meldet sich wieder",
    "sie melden sich",
    "nos dirán algo",
    "nos dirán",
    "kommt auf uns zu",
    "überlegt noch",
    "denkt darüber nach",
    "todavía no ha decidido",
    "aún no ha decidido",
    "sin decisión",
    "no está listo para avanzar",
    "no están listos para avanzar",
    "nos avisará",
    "nos avisarán",
    "volverá a contactar",
    "lo están pensando",
    "还没决定",
    "尚未决定",
    "会通知我们",
    "再联系我们",
];

/// The intent still to be learnt, as the purpose of a meeting ("Scheduling kickoff meeting
/// to gather intent of workload", the guidance's note of the wrong type): what the meeting is
/// for, not a reason for the status.
const INTENT_SOUGHT: &[&str] = &[
    "gather intent",
    "gather the intent",
    "understand the intent",
    "understand intent",
    "learn the intent",
    "absicht für den workload zu erfragen",
    "absicht zu erfragen",
    "absicht zu klären",
    "absicht zu ermitteln",
    "conocer la intención",
    "recoger la intención",
    "entender la intención",
    "了解客户对",
    "了解意向",
    "了解客户意向",
    "了解该工作负载的意向",
];

/// A competitor's product, not named: the category of the reason, not the reason (D108).
const UNNAMED_RIVALS: &[&str] = &[
    "another tool",
    // A cloud drive of their country or region, and not which (set 435).
    "local cloud drive",
    "lokalen cloud-speicher",
    "disco en la nube local",
    "国内的网盘",
    // A third party's, and not whose (D295).
    "third-party solution",
    "drittanbieterlösung",
    "solución de terceros",
    "第三方方案",
    // Another product of a kind, and not which (D294).
    "another mdm",
    "another idp",
    "anderes mdm",
    "anderen idp",
    "otro mdm",
    "otro idp",
    "another product",
    "another solution",
    // An app, a client, a vendor or a platform of another, and not which (set 418).
    "another app",
    "another mail app",
    "another mail client",
    "another email app",
    "another client",
    "another vendor",
    "another provider",
    "another platform",
    "another browser",
    "andere app",
    "andere mail-app",
    "anderen mail-client",
    "anderen anbieter",
    "andere plattform",
    "anderen browser",
    "otra app",
    "otra aplicación",
    "otro cliente de correo",
    "otro proveedor",
    "otra plataforma",
    "otro navegador",
    "other tool",
    "a competitor",
    // What they use today, and not what it is ("happy with the current solution").
    "current solution",
    "existing solution",
    "current tool",
    "competitor's product",
    "competitive product",
    "third-party av",
    "third-party antivirus",
    "anderes tool",
    "anderes produkt",
    "andere lösung",
    "aktuellen lösung",
    "aktuelle lösung",
    "bestehenden lösung",
    "bestehende lösung",
    "einen wettbewerber",
    "wettbewerbsprodukt",
    "drittanbieter-virenschutz",
    "virenschutz eines drittanbieters",
    "otra herramienta",
    "otro producto",
    "otra solución",
    "solución actual",
    "herramienta actual",
    "un competidor",
    "producto de la competencia",
    "antivirus de terceros",
    "别的",
    "其他工具",
    "现有方案",
    "现有的方案",
    "现有工具",
    "目前的方案",
    "其他产品",
    "竞品",
    "竞争对手的产品",
    "第三方杀毒",
    "第三方防病毒",
];

/// Still weighing it, in words that may also sit beside a reason ("CISO wants BYOK,
/// evaluating key management options"): no reason only where the note names none (D107).
const WEIGHING: &[&str] = &[
    "evaluating",
    "still discussing",
    "discussing internally",
    "internal discussions",
    "evaluiert",
    "intern abstimmen",
    "interne abstimmung",
    "evaluando",
    "discusiones internas",
    "评估中",
    "在评估",
    "还在讨论",
    "内部讨论",
    "考虑中",
];

/// What points elsewhere instead of saying it: another note, another service, a call.
/// Product groups read the note alone, so a note that is only this says nothing. Longer
/// phrases first: the one found is the one reported.
const REFERENCES: &[&str] = &[
    // The last update, pointed to ("Status unchanged since last update") (D297).
    "since last update",
    "since the last update",
    "seit dem letzten update",
    "desde la última actualización",
    "与上次更新相比",
    "as discussed on the call",
    "as discussed in the call",
    "as discussed",
    "as per the call",
    "as per call",
    "see above",
    "see below",
    "see previous",
    "see last note",
    "see previous note",
    "siehe letzte notiz",
    "siehe vorherige notiz",
    "见上一条备注",
    "见上条备注",
    "见前一条备注",
    "see notes on the tenant",
    "see notes on tenant",
    "see notes",
    "see email",
    "same as",
    "as above",
    "as before",
    "refer to",
    "wie im call besprochen",
    "wie besprochen",
    "siehe oben",
    "siehe unten",
    "siehe notizen am tenant",
    "siehe notizen",
    "siehe notiz",
    "siehe mail",
    "wie bei",
    "wie zuvor",
    "wie vorher",
    "según lo hablado en la llamada",
    "según lo hablado",
    "como se habló",
    "ver arriba",
    "ver abajo",
    "ver notas del tenant",
    "ver notas",
    "ver nota",
    // With its article (set 446).
    "ver la nota",
    "ver la última nota",
    "ver correo",
    "igual que",
    "lo mismo que",
    "como antes",
    "如电话中所讨论",
    "如讨论",
    "见上",
    "见租户备注",
    "见备注",
    "见下",
    "同上",
    "参见",
    "详见邮件",
    "如前",
    "如之前",
    "如之前所述",
    "如前所述",
    "ver hilo",
    "see last update",
    "siehe letztes update",
    "ver última actualización",
    "见邮件",
    "见邮件往来",
    "的邮件",
    "see mail",
    "see the mail",
    "siehe mailverlauf",
    "s. mailverlauf",
    "mailverlauf mit",
    // A web link, put as the word "link" (D303).
    "see link",
    "see the link",
    "siehe link",
    "ver link",
    "ver el link",
    "见 link",
    "见link",
    // The systems where the engagement is kept, and a tracker or ticket pointed to (set
    // 421).
    "see engagement hub",
    "siehe engagement hub",
    "ver engagement hub",
    "见engagement hub",
    "见 engagement hub",
    "see msx",
    "see crm",
    "see tracker",
    "see the tracker",
    "siehe tracker",
    "ver tracker",
    "ver el tracker",
    "see ticket",
    "siehe ticket",
    "ver ticket",
    // Another row of the same table.
    "see other row",
    "see other line",
    "see row",
    "see the other row",
    "siehe andere zeile",
    "siehe zeile",
    "siehe die andere zeile",
    "ver la otra fila",
    "ver otra fila",
    "ver fila",
    "见另一行",
    "见其他行",
    // Another service's row, named ("siehe EXO-Zeile").
    "siehe|",
    // A person to ask, and no more ("Blocked – talk to Hans").
    "talk to",
    "ask ",
    "sprechen|",
    "fragen|",
    "hablar con",
    "preguntar a",
    "找",
];

/// The months by name, in the three Latin languages, written as a note's words are (lower
/// case, no accents): a date said in words is a figure too ("expected June"). "May", "mar"
/// (the sea) and "ago" are other words as well and are left out.
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "januar",
    "februar",
    "marz",
    "mai",
    "juni",
    "juli",
    "oktober",
    "dezember",
    "okt",
    "dez",
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "setiembre",
    "octubre",
    "noviembre",
    "diciembre",
    "ene",
    "abr",
    "dic",
];

/// Words that only say that work goes on (and what kind of work).
const PROGRESS_WORDS: &[&str] = &[
    "progress",
    "running",
    "wip",
    // The status's capitals, a whole word: "IP" alone is "In progress" alone (D291).
    "ip",
    // On track, and no more (D297).
    "on track",
    "im plan",
    "según lo previsto",
    "按计划",
    // "在弄" (being worked on), as "läuft" says it.
    "在弄",
    "在做",
    "ongoing",
    "underway",
    "läuft",
    "arbeit",
    "bearbeitung",
    "progreso",
    "curso",
    // "en proceso", as "en curso" (set 419).
    "proceso",
    "marcha",
    "进行中",
    "进行",
    "migration",
    // German writes what migrates into the word ("Mailmigration läuft").
    "mailmigration",
    "postfachmigration",
    "datenmigration",
    "migración",
    "迁移中",
    "迁移",
    "deployment",
    "deploying",
    "migrating",
    "rollout",
    "despliegue",
    "部署中",
    "部署",
    // Its homophone typed for it (D276).
    "部暑",
    // A rollout in Chinese ("推广进行中"), as "Rollout läuft" (D269).
    "推广",
    // Work said to move on, and no more ("AADP coming along", "AADP avanzando").
    "coming along",
    "avanzando",
    "在推进",
    "moving forward",
    "geht voran",
    "推进中",
    // Work said to have started, and no more.
    "started",
    "continuing",
    "seguimos",
    "继续推进",
    "gestartet",
    "begonnen",
    "iniciado",
    "iniciada",
    "arrancado",
    "已启动",
    "启动",
    // Started again, and no more ("Migration restarted", "Migración reanudada").
    "restarted",
    "resumed",
    "reanudada",
    "reanudado",
    "wieder aufgenommen",
    "重启",
    "恢复",
    // Adoption named alone is a category of work, as migration is.
    "adoption",
    "adopción",
    "采用",
    // Enrolling devices is the kind of work Intune names first ("Enrolment in progress",
    // "inscripción en curso", "注册进行中").
    "enrolment",
    "enrollment",
    "enrol",
    "enroll",
    "inscripción",
    "enrolamiento",
    "注册",
    // So is an upgrade ("Win11 upgrade ongoing", "Actualización a Win11 en curso",
    // "Win11升级进行中") (D282).
    "upgrade",
    "actualización",
    "aktualisierung",
    "升级",
    // A pilot is a kind of work too.
    "pilot",
    "piloto",
    "试点",
    // Shorthand: "mig in prog", "Migr. läuft".
    "mig",
    "migr",
    "prog",
    // Onboarding is the kind of work In Progress names first; "处理中" is "being handled".
    "onboarding",
    "处理中",
    // Onboarding, said in Spanish and Chinese (set 429), and configuring (set 430).
    "configuración",
    "incorporación",
    "接入",
    // The service switched on, and work said by its verb alone ("Enabled, migrating",
    // "Habilitado, migrando", "Rolling out") (D251).
    "enabled",
    "aktiviert",
    "habilitado",
    "habilitada",
    "已启用",
    "启用",
    "migrando",
    "desplegando",
    "rolling",
    "out",
];

/// Verbs that report what someone said: the frame of a reported reason, not the reason.
/// The word model leaves them out too (D259).
pub(crate) const REPORTING: &[&str] = &[
    "said", "says", "told", "sagte", "sagten", "sagt", "meinte", "dijo", "dijeron", "dice",
    "dicen", "comento",
];

/// Words that only join others, not counted when a note is measured for shortness.
const ARTICLES: &[&str] = &[
    "of", "the", "de", "del", "la", "el", "los", "las", "der", "die", "das", "des",
];

/// What joins a reference or a hedge to what it names ("see email from Markus", "见 Markus
/// 的邮件", "looks like a duplicate", "看起来是重复的"): nothing of its own.
const LINKS: &[&str] = &[
    "from", "by", "a", "an", "von", "vom", "ein", "eine", "aus", "de", "del", "un", "una",
];
const LINKS_ZH: &[char] = &['见', '的', '是'];

/// The text without the words that only join a reference or a hedge to what it names.
fn without_links(t: &str) -> String {
    t.split(' ')
        .filter(|w| !LINKS.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !LINKS_ZH.contains(c))
        .collect()
}

/// Words that carry nothing of their own beside a cause.
const FILLERS: &[&str] = &[
    "of",
    "to",
    "the",
    "a",
    "an",
    "will",
    "von",
    "der",
    "die",
    "das",
    "den",
    "de",
    "la",
    "el",
    "los",
    "las",
    "del",
    "por",
    "wird",
    "werden",
    "aus",
    "因",
    // What is waited for said to be there, and not what it is for ("until budget is
    // available", "bis Budget verfügbar ist", "hasta que haya presupuesto").
    "available",
    "verfügbar",
    "haya",
    "disponible",
    // Right now, and for it: "Die IT hat gerade keinen Kopf dafür" (set 434).
    "gerade",
    "dafür",
    "ahora",
    "mismo",
    "esto",
];

/// Who lacks the kind, and that it is lacking, which say no more than the kind ("IT has
/// no capacity", "die IT hat keine Kapazität", "TI no tiene capacidad", "IT没有人力").
const LACKING: &[&str] = &[
    "it",
    "ti",
    "has",
    "have",
    "hat",
    "haben",
    "tiene",
    "tienen",
    "hay",
    "no",
    "keine",
    "kein",
    "sin",
    "没有",
    "不够",
    "不足",
    // Capacity lacking, as idioms say it: "keinen Kopf dafür", "no headspace" (set 434).
    "kopf",
    "cabeza",
    "headspace",
    "顾不上",
];

/// Someone's worry, which says nothing of what is feared beside the kind alone ("Kunde
/// sorgt sich wegen Ausfällen", "al cliente le preocupan las caídas") (D250).
const WORRY: &[&str] = &[
    "worried",
    "worries",
    "concerned",
    "fears",
    "about",
    "sorgt",
    "sorgen",
    "sich",
    "besorgt",
    "befürchtet",
    "wegen",
    "preocupa",
    "preocupan",
    "preocupado",
    "preocupada",
    "teme",
    "le",
    "les",
    "al",
    "担心",
];

/// Whose problem it is, which says nothing of which problem: beside a kind of reason alone
/// ("blocked by infrastructure issues on the customer side", "Infrastrukturprobleme beim
/// Kunden", "客户侧基础设施有问题"), the reason is still in name only (D126).
const WHOSE: &[&str] = &[
    "by",
    // Whose, said with its preposition ("concerns from the customer", "Bedenken des
    // Kunden") (D294).
    "from",
    "des",
    "vom",
    // Some, and not which (D296).
    "some",
    "einigen",
    "algunas",
    "一些",
    // The customer, shortened ("on cust side") (D296).
    "cust",
    "w",
    // Old ones, and not which (D295).
    "old",
    "alten",
    "antiguos",
    "on",
    "in",
    "at",
    "en",
    "beim",
    "bei",
    "im",
    "side",
    "seite",
    "lado",
    // Where, and not what ("network issues on-prem", "vor Ort", "locales", "本地").
    "on-prem",
    "on-premises",
    "vor ort",
    "local",
    "locales",
    "本地",
    "customer",
    "kunden",
    "kunde",
    "cliente",
    "客户侧",
    "客户",
    // "安全的事": the matter, and not which (set 427).
    "的事",
    "事情",
    "方面",
    "有",
    "with",
    "mit",
    "con",
    // The kind of app, and not which ("add-in issues", "Probleme mit Add-ins").
    "add",
    "ins",
    "addins",
    "plugins",
    "plug",
    "complementos",
    "complemento",
    "加载项",
    "插件",
];

/// Whether every "need" of the note is asked about ("whether they need", "si necesita"):
/// what is weighed, not what stands in the way.
fn whether_needed(norm: &str, cause: &str) -> bool {
    matches!(cause, "need" | "needs" | "necesita")
        && each_occurrence(norm, cause, |words, i| {
            words[..i]
                .iter()
                .rev()
                .take(3)
                .any(|w| matches!(*w, "whether" | "if" | "si"))
        })
}

/// Details promised for later: no details, and a meeting named only as when they come is no
/// meeting instead of the intent (D311).
const DETAILS_LATER: &[&str] = &[
    "more details",
    "mehr details",
    "details next week",
    "details nächste woche",
    "details folgen",
    "más detalles",
    "更多细节",
    "补充细节",
    "more info next week",
    "more info to follow",
    "more info later",
    "mehr infos nächste woche",
    "mehr infos folgen",
    "más información la semana que viene",
    "más información la próxima semana",
    "más info la semana que viene",
    "再补充",
    "稍后补充",
];

/// Meetings by their nouns, which a silence may date from ("since the October meeting").
const MEETINGS: &[&str] = &[
    "meeting",
    "call",
    "workshop",
    "kickoff",
    "termin",
    "treffen",
    "besprechung",
    "reunion",
    "llamada",
    "taller",
    "会",
];

/// The customer's leadership, which decides whether a service is wanted.
const DECIDERS: &[&str] = &[
    "leadership",
    "management",
    "geschaftsleitung",
    "vorstand",
    "direccion",
    "gerencia",
    "directiva",
    "领导",
    "管理层",
];

/// Nobody at the top drives, sponsors or owns it, which says no more than that a sponsor
/// is lacking: "Nobody in management is pushing it", "Nadie de la dirección lo empuja",
/// "管理层没人推", "nobody in the business will sponsor Yammer" (set 433). The words beside
/// them that the lists spent with it already hold (`FILLERS`, `LACKING`, `STATUS_WORDS`,
/// `CATEGORY_WORDS`: "no", "it", "will", "is", "de", "se", "noch") are not listed again.
const NO_ONE_DRIVING: &[&str] = &[
    "nobody",
    "one",
    "pushing",
    "pushes",
    "driving",
    "drives",
    "niemand",
    "treibt",
    "es",
    "voran",
    "sponsern",
    "nadie",
    "lo",
    "negocio",
    "empuja",
    "impulsa",
    "quiere",
    "patrocinar",
    "没人",
    "推",
    "愿意",
    "支持",
    "业务部门",
    // No one on the business side owns it: "No owner for Yammer on the business side",
    // "Nadie de negocio se hace cargo de Yammer" (set 440).
    "owner",
    "verantwortlicher",
    "cargo",
    // Nor do the teams that might own it, named one by one: "Weder HR noch Kommunikation
    // will Yammer übernehmen", "人力和内宣都没人愿意接Yammer" (set 445).
    "hr",
    "rrhh",
    "comms",
    "kommunikation",
    "comunicacion",
    "人力",
    "内宣",
    "weder",
    "ni",
    "übernehmen",
    "hacerse",
    "wants",
    "take",
    "和",
    "都",
    "接",
];

/// Some users or some apps, and not which (D295, D296).
const SOME_OF_THEM: &[&str] = &[
    "some users",
    "einige anwender",
    "einige nutzer",
    "algunos usuarios",
    "部分用户",
    "some lob apps",
    "einigen fachanwendungen",
    "algunas aplicaciones de negocio",
    "一些业务应用",
];

/// The names of the kinds of reason, and their generic nouns: "Blocked due to security
/// concerns" names the kind, as the guidance's marginal "due to specific infrastructure
/// on-prem" does (D109).
const CATEGORY_WORDS: &[&str] = &[
    // A sponsor missing is the kind of no intent, whoever's side it is on (set 416).
    "sponsor",
    "exec",
    "executive",
    "patrocinador",
    "ejecutivo",
    "发起人",
    "高层",
    "security",
    "privacy",
    "licensing",
    "license",
    "licenses",
    "licence",
    "licences",
    "budget",
    "network",
    "networking",
    "legal",
    "compliance",
    "regulatory",
    "regulation",
    "partner",
    "compatibility",
    "infrastructure",
    "resources",
    "resource",
    "resourcing",
    "training",
    "adoption",
    "readiness",
    "concerns",
    "concern",
    "questions",
    "fragen",
    "lizenzfragen",
    "疑问",
    "issues",
    "issue",
    "problems",
    "problem",
    "reasons",
    "topics",
    "reliability",
    "service",
    // The reliability's kinds: "Blocked due to outages".
    "outages",
    "outage",
    "incidents",
    "performance",
    "ausfällen",
    "ausfälle",
    "ausfall",
    "störungen",
    "caídas",
    "caída",
    "incidencias",
    "rendimiento",
    "billing",
    "technical",
    "internal",
    "business",
    "cost",
    "costs",
    "capacity",
    "governance",
    "customer's",
    "their",
    "sicherheit",
    "sicherheitsbedenken",
    "datenschutzbedenken",
    // German compounds of a kind and its problem: "wegen Netzwerkproblemen".
    "netzwerkproblemen",
    "netzwerkprobleme",
    "netzwerkproblem",
    "lizenzproblemen",
    "lizenzprobleme",
    "lizenzproblem",
    "sicherheitsproblemen",
    "sicherheitsprobleme",
    "infrastrukturproblemen",
    "infrastrukturprobleme",
    "kapazitätsproblemen",
    "kapazitätsprobleme",
    "kompatibilitätsproblemen",
    "kompatibilitätsprobleme",
    "budgetproblemen",
    "budgetprobleme",
    "ressourcenproblemen",
    "ressourcenprobleme",
    "interne",
    "interner",
    "internen",
    "serviceproblemen",
    "serviceprobleme",
    "datenschutz",
    "lizenzen",
    "lizenz",
    "lizenzierung",
    "lizenzthemen",
    "netzwerk",
    "rechtlichen",
    "rechtliche",
    "partner",
    "kompatibilität",
    "infrastruktur",
    "ressourcen",
    "schulung",
    "bedenken",
    "probleme",
    "problemen",
    "gründe",
    "gründen",
    "themen",
    "recht",
    "kosten",
    "kapazität",
    "internen",
    "seguridad",
    "privacidad",
    "licencias",
    "licencia",
    "licenciamiento",
    "presupuesto",
    "red",
    "legales",
    "cumplimiento",
    "normativa",
    "compatibilidad",
    "infraestructura",
    "recursos",
    "formación",
    "dudas",
    "preguntas",
    "problemas",
    "motivos",
    "razones",
    "temas",
    "costes",
    "costos",
    "capacidad",
    "internos",
    "servicio",
    // Work to do first, and not which.
    "some",
    "work",
    "first",
    "needed",
    "infrastrukturarbeiten",
    "arbeiten",
    "nötig",
    "noch",
    "erst",
    "trabajo",
    "algo",
    "primero",
    "hace",
    "falta",
    "安全",
    "许可",
    "预算",
    "网络",
    "服务",
    "法律",
    "合作伙伴",
    "兼容",
    "基础设施",
    "资源",
    "培训",
    "顾虑",
    "问题",
    "方面的事",
    "事情",
    "原因",
    "工作",
    "一些",
    "先做",
    // Reviews and approvals of a kind, resources lacking, waited for.
    "review",
    "approval",
    "lack",
    "freigabe",
    "prüfung",
    "fehlender",
    "fehlende",
    "durch",
    "rechtsabteilung",
    "warten",
    "revisión",
    "aprobación",
    "falta",
    "审查",
    "审批",
    "不足",
    "缺乏",
    "法务",
    // A regulation, and not which ("OneDrive won't be deployed because of a regulation").
    "be",
    "deployed",
    "vorschrift",
    "einer",
    "una",
    "一项",
    "法规",
    "不会部署",
    // Features missing, and not which ("Blocked due to missing features").
    "missing",
    "features",
    "feature",
    "gap",
    "gaps",
    // Short for the kinds ("sec. concerns", "compat issues") (D296).
    "sec",
    "compat",
    // Hands to free, and not for what (D296).
    "人手",
    "腾出",
    // A policy of their own, and not which (D295).
    "policy",
    "richtlinie",
    "it-richtlinie",
    "política",
    "政策",
    "interne",
    "interna",
    "durch",
    "eine",
    "una",
    // The product's gap, and not which (D294).
    "product",
    "producto",
    "carencia",
    "产品缺陷",
    "funktionen",
    "funktion",
    "funktionslücke",
    "funktionslücken",
    "produktlücke",
    "funcionalidades",
    "funcionalidad",
    "funciones",
    "función",
    "faltan",
    "falta",
    "fehlen",
    "feature-lücke",
    "功能",
    "缺少",
    "缺",
    // Limits, and not which ("Blocked due to Intune limitations").
    "limitations",
    "limitation",
    "limits",
    "einschränkungen",
    "einschränkung",
    "limitaciones",
    "limitación",
    "限制",
    // No need seen, and not why: the kind of No Intent, not its reason ("Customer sees no
    // need for Yammer", "Kunde sieht keinen Bedarf", "客户认为不需要").
    "need",
    "sees",
    "for",
    "bedarf",
    "sieht",
    "keinen",
    "für",
    "necesidad",
    "ve",
    "para",
    "认为",
    "需要",
    "不需要",
];

/// Workloads named by what they do rather than by a service's name ("Voice blocked due to
/// network"): which workload, and no more.
const WORKLOADS: &[&str] = &["voice", "telephony", "telefonie", "voz", "telefonia"];

/// The note without the names of services: which workload says nothing of its state
/// ("Teams migration in progress" is as bare as "migration in progress", "Intune-Pilot
/// läuft" as "Pilot läuft", "Win10因为预算受阻" as "因为预算受阻").
/// The normalised text without its articles ("die", "las", "the").
fn without_articles(norm: &str) -> String {
    norm.split(' ')
        .filter(|w| !ARTICLES.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

fn without_services(norm: &str) -> String {
    // Names of more than one word first, the longest first ("Microsoft 365 Apps for
    // enterprise" before "Microsoft 365 Apps").
    static PHRASES: LazyLock<Vec<String>> = LazyLock::new(|| {
        crate::normalized_service_names(&[])
            .into_iter()
            .filter(|n| n.contains(' '))
            .collect()
    });
    let mut rest = std::borrow::Cow::Borrowed(norm);
    for name in PHRASES.iter() {
        if rest.contains(name.as_str()) {
            rest = std::borrow::Cow::Owned(rest.replace(name.as_str(), " "));
        }
    }
    let norm = rest.as_ref();
    let mut out = String::with_capacity(norm.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            if crate::is_service_word(word) || WORKLOADS.contains(&word.as_str()) {
                out.push(' ');
            } else {
                out.push_str(word);
            }
            word.clear();
        }
    };
    for c in norm.chars() {
        if c.is_alphanumeric() && !text::is_cjk(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// How many words (a Chinese character counting as half a word) the note has beside the
/// words of `spent`.
fn words_beside(norm: &str, spent: &[&str]) -> usize {
    use std::borrow::Cow;
    // Most of the lists are plain ASCII: folded as they are.
    let spent_words: Vec<Cow<str>> = spent
        .iter()
        .flat_map(|p| p.split(|c: char| !c.is_alphanumeric() || text::is_cjk(c)))
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.is_ascii() {
                Cow::Borrowed(w)
            } else {
                Cow::Owned(text::fold(w))
            }
        })
        .collect();
    let words = norm
        .split(|c: char| !c.is_alphanumeric() || text::is_cjk(c))
        .filter(|w| !w.is_empty() && !spent_words.iter().any(|s| s == w))
        .count();
    if !norm.chars().any(text::is_cjk) {
        return words;
    }
    let mut rest = Cow::Borrowed(norm);
    for p in spent.iter().chain(STATUS_ZH.iter()) {
        if p.chars().any(text::is_cjk) && rest.contains(p) {
            rest = Cow::Owned(rest.replace(p, ""));
        }
    }
    words + rest.chars().filter(|c| text::is_cjk(*c)).count() / 2
}

/// Progress in general words: "going ok", "läuft gut". Without a figure or a cause the note
/// says nothing about where the work stands.
const VAGUE: &[&str] = &[
    // On track, and nothing of where (set 425).
    "on track",
    "im plan",
    "según lo previsto",
    "按计划进行",
    // Getting used to it, and not how far (set 430).
    "getting used to",
    "gewöhnen sich",
    "acostumbrando",
    "慢慢习惯",
    // So-so (set 424).
    "so-so",
    "fortschritt mäßig",
    "avance regular",
    "进度一般",
    // Drifting along, rather weak (set 434).
    "drifting along",
    "dümpelt vor sich hin",
    "eher mau",
    "a trancas y barrancas",
    "más bien flojo",
    "不温不火",
    "going ok",
    "going well",
    "going fine",
    "all good",
    "läuft soweit",
    "läuft gut",
    "läuft ok",
    "läuft okay",
    "going okay",
    "va ok",
    "va bien",
    "todo bien",
    "进展顺利",
    "一切正常",
    "进展还行",
    // Progress said to happen, and wait and see.
    "things are progressing",
    "we will see how it goes",
    "es geht voran",
    "wir schauen, wie",
    "y avanza",
    "veremos cómo va",
    "进展还可以",
    "看看情况",
    "getting there slowly",
    "going slowly",
    "at their own pace",
    "geht langsam voran",
    "in seinem eigenen tempo",
    "va lento",
    "a su ritmo",
    "进展慢",
    "按自己的节奏",
    "kommt langsam voran",
    "avanza poco a poco",
    "在慢慢推进",
    // As much as it is used, and no figure (D275).
    "more or less",
    "so halbwegs",
    "más o menos",
    "还凑合",
    // A look at where it stands to come, and no more (set 454).
    "reviso el estado",
    "revisaré el estado",
    "revisamos el estado",
    // Details promised for later are no details either: DETAILS_LATER, read with these.
];

/// A meeting said to be over.
const MEETINGS_HELD: &[&str] = &[
    // As FMs write it, without an auxiliary ("Kickoff and initiate meetings held,
    // assessment done; …") (D249).
    "meetings held",
    "meeting held",
    "kickoff held",
    "assessment done",
    "assessments done",
    "assessment completed",
    "meetings gehalten",
    "kickoff gehalten",
    "assessment abgeschlossen",
    "reuniones hechas",
    "reuniones realizadas",
    "reuniones celebradas",
    "evaluación completada",
    "evaluación hecha",
    "评估已完成",
    "kickoff done",
    "kickoff erledigt",
    "kickoff hecho",
    "启动会已开",
    "have been completed",
    "has been completed",
    "were completed",
    "was completed",
    "have been held",
    "was held",
    "were held",
    "have been conducted",
    "was conducted",
    "were conducted",
    "took place",
    "sind abgeschlossen",
    "ist abgeschlossen",
    "wurde durchgeführt",
    "wurden durchgeführt",
    "hat stattgefunden",
    "haben stattgefunden",
    "se han completado",
    "se ha completado",
    "se completó",
    "se realizó",
    "se realizaron",
    "se celebró",
    "已完成",
    "已召开",
    "已经开过",
    "开完了",
];

/// A contact still to make, with no word of when or with whom beyond the customer.
const CONTACTS_DUE: &[&str] = &[
    "need to contact",
    // As Indian English says it (D298).
    "need to connect with",
    "needs to be contacted",
    "need to reach out",
    "need to reach",
    "need to talk to",
    "to be contacted",
    "will reach out",
    // Said as the writer's own next step (set 416).
    "will contact",
    "muss kontaktiert werden",
    "müssen kontaktiert werden",
    "muss noch kontaktiert",
    "müssen kunde kontaktieren",
    "müssen den kunden kontaktieren",
    "muss kunde kontaktieren",
    "kunde kontaktieren",
    "kunden kontaktieren",
    "müssen noch mit",
    "wird kontaktiert",
    "hay que contactar",
    "hay que llamar",
    "se contactará",
    "contactaré",
    "pendiente hablar",
    "pendiente de contactar",
    "需要联系",
    "待联系",
    "要联系",
    // The owner still to find is a contact still to make.
    "need to find owner",
    "need to find the owner",
    "find owner",
    "find the owner",
    "muss noch gefunden werden",
    "encontrar al responsable",
    "找到负责人",
    // A contact still to find (set 437).
    "need to find contact",
    "need to find a contact",
    "encontrar contacto",
    "encontrar un contacto",
    "找对接人",
    "找联系人",
    // Nobody reached yet (set 424).
    "got hold of anyone",
    "niemanden erwischt",
    "dado con nadie",
    "没对接上人",
    // An owner not known is one still to find (set 362).
    "contact still unclear",
    "contact unclear",
    "ansprechpartner noch unklar",
    "ansprechpartner unklar",
    "contacto todavía sin aclarar",
    "contacto sin aclarar",
    "对接人还不清楚",
    "对接人不清楚",
    "owner unknown",
    "owner unbekannt",
    "responsable desconocido",
    "负责人不明",
];

const CAUSES: &[&str] = &[
    "because",
    "due to",
    "since",
    "as they",
    "as the",
    "owing to",
    "caused by",
    "therefore",
    "reason",
    "until",
    "til|",
    "till|",
    "unless",
    "requires",
    "require",
    "needs",
    "need",
    "waiting for",
    "waiting on",
    "pending",
    "prevent",
    "forbid",
    "cannot",
    "can't",
    "unable",
    "doesn't work",
    "does not work",
    "instead of",
    "not allowed",
    "has to",
    "have to",
    "must",
    "muss",
    "müssen",
    "weil",
    "wegen",
    "aufgrund",
    "deshalb",
    "daher",
    "solange",
    "benötigt",
    "erfordert",
    "verlangt",
    "fordert",
    "wartet auf",
    "verhindert",
    "verbietet",
    "kann nicht",
    "können nicht",
    "kann sich nicht",
    "lässt sich nicht",
    "funktioniert nicht",
    "grund",
    // The word, not "bisher" (so far).
    "bis|",
    "tiene que",
    "tienen que",
    "hay que",
    "porque",
    "debido a",
    "ya que",
    "dado que",
    "a causa de",
    "hasta que",
    // As "bis" and "till" (D286).
    "hasta|",
    "requiere",
    "requisito",
    "exige",
    "exigen",
    "necesita",
    "esperando",
    "espera al",
    "espera a",
    "a la espera",
    "impide",
    "prohíbe",
    "no pueden",
    "no puede",
    "no se conecta",
    "no funciona",
    "en lugar de",
    "必须",
    "需先",
    "须先",
    "left the company",
    "das unternehmen verlassen",
    "dejó la empresa",
    "离职",
    // The contact gone elsewhere, and their mailbox with them (D281).
    "moved to another company",
    "bei einer anderen firma",
    "se fue a otra empresa",
    "跳槽",
    // Gone, said of where they no longer are (set 443).
    "no longer at the company",
    "no longer with the company",
    "nicht mehr im unternehmen",
    "nicht mehr in der firma",
    "ya no está en la empresa",
    "ya no trabaja en",
    // The contact's leaving said of their role ("no contact since the project lead left").
    "lead left",
    "contact left",
    "manager left",
    "owner left",
    "sponsor left",
    "champion left",
    "mailbox deleted",
    "postfach gelöscht",
    "buzón eliminado",
    "邮箱已删除",
    "因为",
    "由于",
    "所以",
    "因此",
    "原因",
    "直到",
    "需要",
    "等待",
    "导致",
    "无法",
    "不能",
    "禁止",
    "要求",
];

/// Causes that only say something is awaited.
/// The meetings of Teams, the product: no engagement logistics.
const PRODUCT_MEETINGS: &[&str] = &[
    "teams meetings",
    "teams-besprechungen",
    "teams besprechungen",
    "teams-meetings",
    "reuniones de teams",
    "teams会议",
    "teams 会议",
    // Audio conferencing and meeting rooms are services, not the engagement's meetings.
    "audio conferencing",
    "audio-conferencing",
    "audioconferencia",
    "音频会议",
    "电话会议",
    "meeting rooms",
    "besprechungsräume",
    "salas de reuniones",
    "会议室",
    // How the users hold their meetings, and the training in it.
    "meetings still",
    "meeting etiquette",
    "meetings laufen noch",
    "meeting-schulung",
    "las reuniones siguen",
    "formación en reuniones",
    "开会还是",
    "会议礼仪",
];

/// Words of inability among the causes.
const UNABLE: &[&str] = &[
    "unable",
    "cannot",
    "can't",
    "无法",
    "不能",
    "konnte nicht",
    "no se pudo",
];

const WAITING: &[&str] = &[
    "waiting for",
    "waiting on",
    "pending",
    "wartet auf",
    "esperando",
    "espera al",
    "espera a",
    "a la espera",
    "等待",
];

/// Users not ready for a change, and not why nor for what, word by word: beside a kind of
/// reason named alone, the reason in name only ("Users not ready for change.") (D235).
const READY: &[&str] = &["ready", "bereit", "listos", "preparados", "准备好"];
const UNREADY: &[&str] = &[
    "users",
    "user",
    "nutzer",
    "anwender",
    "usuarios",
    "ready",
    "bereit",
    "listos",
    "listo",
    "preparados",
    "change",
    "umstellung",
    "veränderung",
    "cambio",
    "todavía",
    "noch",
    "sind",
    "están",
    // "Users are not ready for the change yet" (D295).
    "are",
    "yet",
    "aún",
    "preparados",
    "用户",
    "还没",
    "准备好",
    "接受",
    "变化",
];

/// A reply or feedback waited for as the next step, word by word: beside a kind of reason
/// named alone it says nothing of the reason ("Blocked by legal. Next: wait for their
/// feedback") (D234).
const FEEDBACK_AWAITED: &[&str] = &[
    "next",
    "nächster",
    "schritt",
    "siguiente",
    "paso",
    "下一步",
    "wait",
    "waiting",
    "for",
    "their",
    "feedback",
    "reply",
    "response",
    "answer",
    "auf",
    "warten",
    "deren",
    "ihre",
    "rückmeldung",
    "antwort",
    "esperar",
    "su",
    "respuesta",
    "等",
    "他们",
    "反馈",
    "回复",
    // A fix awaited from the vendor, and not of what (D294).
    "fix",
    "einen",
    "microsoft",
    "esperando",
    "una",
    "corrección",
    "修复",
    "微软",
];

/// The headings of a next step, as notes write them.
const NEXT_HEADINGS: &[&str] = &[
    "next step",
    "next:",
    "nächster schritt",
    "siguiente paso",
    "siguiente:",
    "próximo paso",
    "下一步",
];

/// The size, in units as `text::units` counts them, of a next step that only waits for
/// feedback ("Next: wait for their feedback", "下一步：等他们反馈"): it says nothing the
/// note is weighed by (D234).
fn idle_next_step(norm: &str) -> (usize, usize) {
    static HEADINGS: LazyLock<Vec<String>> =
        LazyLock::new(|| NEXT_HEADINGS.iter().map(|h| text::fold(h)).collect());
    HEADINGS
        .iter()
        .filter_map(|h| {
            let at = norm.find(h.as_str())?;
            let rest = &norm[at..];
            let end = rest
                .char_indices()
                .skip(h.chars().count() + 1)
                .find(|(_, c)| {
                    matches!(c, '.' | ';' | '!' | '?' | '\n' | '。' | '；' | '！' | '？')
                })
                .map_or(rest.len(), |(i, _)| i);
            let step = &rest[..end];
            let what = step[h.len()..].trim_start_matches(|c: char| !c.is_alphanumeric());
            (!what.is_empty() && words_beside(what, &[FEEDBACK_AWAITED, FILLERS].concat()) == 0)
                .then(|| text::units(step))
        })
        .next()
        .unwrap_or((0, 0))
}

/// A mail's courtesies, pasted with the note: greetings, thanks, sign-offs and the promise
/// to keep everyone posted ("Hi, Teams is blocked by legal. Will keep you posted. Thanks").
const COURTESY: &[&str] = &[
    "hi",
    "hello",
    "hallo",
    "hola",
    "dear all",
    "hi all",
    "hi team",
    "hola a todos",
    "hallo zusammen",
    "liebe kollegen",
    "thanks",
    "thank you",
    "thx",
    "danke",
    "gracias",
    "cheers",
    "regards",
    "kind regards",
    "best regards",
    "gruß",
    "grüße",
    "viele grüße",
    "beste grüße",
    "saludos",
    "saludos cordiales",
    "un saludo",
    "will keep you posted",
    "keep you posted",
    "halte euch auf dem laufenden",
    "halte dich auf dem laufenden",
    "os mantengo informados",
    "te mantengo informado",
    "les mantengo informados",
    "你好",
    "大家好",
    "各位好",
    "谢谢",
    "有进展再同步",
    // Details promised for later say none ("Blocked by security, no details yet") (D269).
    "no details yet",
    "detalles más adelante",
    "details to follow",
    "more details to follow",
    "noch keine details",
    "details folgen",
    "aún sin detalles",
    "sin detalles aún",
    "暂无细节",
    "细节后补",
    // Our own lack of time to write is no fact of the row ("New licences, haven't had time
    // to reach out yet") (D275).
    "haven't had time to reach out",
    "haven't had time to contact",
    "haven't had time to",
    "have not had time to",
    "noch keine zeit gehabt, uns",
    "noch keine zeit gehabt, den kunden",
    "no nos dio tiempo de",
    "no hemos tenido tiempo de",
    "还没来得及",
    "没来得及",
];

/// The courtesies as notes are normalised (accents folded), built once.
pub(crate) fn courtesies() -> &'static [String] {
    static FOLDED: LazyLock<Vec<String>> =
        LazyLock::new(|| COURTESY.iter().map(|p| text::fold(p)).collect());
    &FOLDED
}

/// Whether a note may hold a courtesy: the longest word of one of them (the rarest, as a
/// rule), or the first character of a Chinese one, is in it. Most notes hold none, and
/// searching each phrase costs more than this one pass over the note's words.
pub(crate) fn may_hold_courtesy(norm: &str) -> bool {
    // A few words and characters: compared in a row, cheaper than hashing each word.
    static FIRST: LazyLock<(Vec<String>, Vec<char>)> = LazyLock::new(|| {
        let mut words: Vec<String> = Vec::new();
        let mut chars = Vec::new();
        for p in courtesies() {
            match p.chars().next() {
                Some(c) if text::is_cjk(c) => chars.push(c),
                _ => words.push(
                    p.split(' ')
                        .max_by_key(|w| w.len())
                        .unwrap_or_default()
                        .to_string(),
                ),
            }
        }
        words.sort();
        words.dedup();
        chars.sort();
        chars.dedup();
        (words, chars)
    });
    let (words, chars) = &*FIRST;
    static LONGEST: LazyLock<usize> =
        LazyLock::new(|| FIRST.0.iter().map(String::len).max().unwrap_or(0));
    // The normalised note has spaces where its punctuation was.
    norm.split(' ')
        .any(|w| (2..=*LONGEST).contains(&w.len()) && words.iter().any(|f| f == w))
        || !norm.is_ascii() && norm.chars().any(|c| chars.contains(&c))
}

/// The size of the courtesies a note holds (each counted once), as `text::units` counts.
fn courtesy(norm: &str) -> (usize, usize) {
    if !may_hold_courtesy(norm) {
        return (0, 0);
    }
    // The longer phrase is counted, not the greeting inside it ("hi all", "hi").
    let mut found: Vec<&str> = Vec::new();
    for p in courtesies() {
        if text::contains(norm, p, true) && !found.iter().any(|f| f.contains(p.as_str())) {
            found.retain(|f| !p.contains(f));
            found.push(p);
        }
    }
    found.iter().fold((0, 0), |(w, c), p| {
        let (pw, pc) = text::units(p);
        (w + pw, c + pc)
    })
}

/// A reply waited for: the customer's silence itself, not its why.
const REPLIES_AWAITED: &[&str] = &[
    "waiting for a reply",
    "waiting for a response",
    "waiting for an answer",
    "waiting for their reply",
    "waiting for feedback",
    "waiting to hear back",
    "waiting to hear from",
    "wartet auf rückmeldung",
    "warten auf rückmeldung",
    "warten weiter auf rückmeldung",
    "wartet auf antwort",
    "warten auf antwort",
    "esperando respuesta",
    "esperando su respuesta",
    "a la espera de respuesta",
    "a la espera de su respuesta",
    "esperando noticias",
    "等待回复",
    "等他们回复",
    "等回复",
    "等待答复",
];

/// Whether `word` stands in the note and each use of it is followed by words `after`
/// accepts (the words after it, their punctuation trimmed).
fn every_use_followed(norm: &str, word: &str, after: impl Fn(&[&str]) -> bool) -> bool {
    let words: Vec<&str> = norm
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
        .collect();
    let mut uses = words
        .iter()
        .enumerate()
        .filter(|(_, w)| **w == word)
        .peekable();
    uses.peek().is_some() && uses.all(|(i, _)| after(&words[i + 1..]))
}

/// "Until" that says "so far" ("bis dato keine Rückmeldung", "no reply until now"): no
/// cause, where every "until" of the note is one.
/// Whether every use of `cause` in the note as written names a field of a template
/// ("Reason: deployment", "Grund: Deployment", "原因：部署"): the field's name says that a
/// reason follows, not what it is (set 460).
fn names_a_field(raw: &str, cause: &str) -> bool {
    each_within(&raw.to_lowercase(), cause, |before, after| {
        before
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric() || text::is_cjk(c))
            && after.trim_start().starts_with([':', '：'])
    })
}

fn so_far(norm: &str, cause: &str) -> bool {
    const SO_FAR: &[&str] = &["dato", "jetzt", "heute", "now", "today", "ahora", "hoy"];
    matches!(cause, "bis" | "until" | "hasta")
        && every_use_followed(norm, cause, |next| {
            next.first().is_some_and(|w| SO_FAR.contains(w))
        })
}

/// Whether the note waits for a fix or a decision, and so names nothing it waits for
/// ("waiting for a fix from Microsoft", "warten auf einen Fix", "esperando una corrección",
/// "在等微软修复", "waiting for the go-live decision").
fn waits_for_nothing_named(norm: &str) -> bool {
    [
        "waiting for a fix",
        "waiting for the fix",
        "waiting on a fix",
        "auf einen fix",
        "auf den fix",
        "esperando una correccion",
        "esperando la correccion",
        "等微软修复",
        "等修复",
        "waiting for the go-live decision",
        "waiting for the decision",
        "auf die go-live-entscheidung",
        "auf die entscheidung",
        "esperando la decision",
        "等上线决定",
        "等决定",
    ]
    .iter()
    .any(|p| norm.contains(p))
}

/// "Since" that dates ("since October", "since the kickoff", "since 10/10"): no cause,
/// where every "since" of the note is one.
fn since_when(norm: &str, cause: &str) -> bool {
    const TIMES: &[&str] = &[
        "kickoff",
        "kick-off",
        "workshop",
        "meeting",
        "call",
        "summer",
        "spring",
        "autumn",
        "fall",
        "winter",
        "beginning",
        "start",
        "last",
        "then",
        "early",
        "mid",
        "end",
        "q1",
        "q2",
        "q3",
        "q4",
        "pilot",
        "poc",
        "qbr",
        "holidays",
        "weeks",
        "months",
    ];
    let dates = |w: &str| {
        w.starts_with(|c: char| c.is_ascii_digit()) || MONTHS.contains(&w) || TIMES.contains(&w)
    };
    cause == "since"
        && every_use_followed(norm, "since", |next| match next {
            [] => false,
            ["the" | "our" | "their" | "a", w, ..] => dates(w),
            ["the" | "our" | "their" | "a"] => false,
            [w, ..] => dates(w),
        })
}

/// Whether the meeting `found` is said not to have taken place yet: negated where it
/// stands, or, in Chinese, one verb before ("还没开启动会").
fn meeting_not_held(norm: &str, found: &str) -> bool {
    let found = text::fold(found);
    let Some(at) = text::find(norm, &found, false) else {
        return false;
    };
    let before = norm[..at].trim_end();
    let cjk = found.starts_with(text::is_cjk);
    text::negated(before, cjk)
        || before.ends_with("no hay")
        // "Aún no se ha hecho la llamada de presentación" (D290).
        || [
            "no se ha hecho la",
            "no se ha hecho el",
            "no se ha celebrado la",
            "no se ha celebrado el",
            "no se hizo la",
            "no se hizo el",
        ]
        .iter()
        .any(|p| before.ends_with(p))
        || cjk
            && ["开", "办", "做", "约"].iter().any(|verb| {
                before
                    .strip_suffix(verb)
                    .is_some_and(|b| text::negated(b, true))
            })
}

/// Whether the meeting `found` is the time a silence began: after "since", "seit",
/// "desde" or "自", or before "后", "之后" or "以来".
fn dates_the_silence(norm: &str, found: &str) -> bool {
    const BEFORE: &[&str] = &[
        "since ",
        "since the ",
        "since our ",
        "seit ",
        "seit dem ",
        "seit der ",
        "seit unserem ",
        "seit unserer ",
        "desde ",
        "desde el ",
        "desde la ",
        "desde nuestro ",
        "desde nuestra ",
        "自",
    ];
    const AFTER: &[&str] = &["后", "之后", "以来", " 后", " 之后", " 以来"];
    let found = text::fold(found);
    let mut from = 0;
    while let Some(i) = norm[from..].find(found.as_str()) {
        let at = from + i;
        let end = at + found.len();
        // One word may stand between: "since the October meeting" (set 422).
        let before = norm[..at].trim_end();
        let one_back = before.rfind(' ').map(|i| &norm[..i + 1]).unwrap_or("");
        if BEFORE
            .iter()
            .any(|b| norm[..at].ends_with(b) || one_back.ends_with(b))
            || AFTER.iter().any(|a| norm[end..].starts_with(a))
        {
            return true;
        }
        from = end;
    }
    false
}

/// What the note names, said in a word, beside its status.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Named {
    Nothing,
    /// The competitor the customer uses ("Using Zoom").
    Rival,
    /// A block's cause, more than its kind ("Blocked – proxy", "受阻——代理") (D274).
    Cause,
}

/// Whether the engine found the note's reason, and how: by a cue (or a competitor named),
/// or only by the word model's certainty of the first status.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Specific {
    No,
    ByWords,
    ByCues,
}

/// How often, in words that name no number ("several", "mehrfach", "多次"): a detail only
/// beside the calls made or the account's kind (D148).
const VAGUE_COUNTS: &[&str] = &[
    "several",
    "multiple",
    "repeated",
    "mehrfach",
    "mehrmals",
    "mehrere",
    "wiederholt",
    "varias",
    "varios",
    "repetidas",
    "多次",
    "几次",
    "数次",
];

/// The calls beside the mails ("several times by mail and phone", D58), or the account's
/// kind as the guidance's great note of an unresponsive customer gives it: what makes a
/// count without a number a detail.
const CALLS_MADE: &[&str] = &[
    "phone",
    "calls",
    "telefon",
    "anrufe",
    "angerufen",
    "teléfono",
    "llamadas",
    "电话",
];

/// The account's kind: beside a count of attempts, the whole of what the guidance asks of
/// a silent customer ("3 mails, no reply, unmanaged") (D233).
const ACCOUNT_KINDS: &[&str] = &[
    "managed",
    "unmanaged",
    "gemanagt",
    "gemanagter",
    "nicht gemanagt",
    "gestionada",
    "gestionado",
    "no gestionado",
    "托管",
];
/// How often or how many, in words that name the number: "tried three times" is a detail
/// as "tried 3 times" is (D58). Those that name none are `VAGUE_COUNTS`.
const COUNTS: &[&str] = &[
    "twice",
    "three times",
    "two|",
    "three|",
    "four|",
    "five|",
    "zwei|",
    "drei|",
    "vier|",
    "fünf|",
    "cinco|",
    "zweimal",
    "dreimal",
    "viermal",
    "dos",
    "tres",
    "cuatro",
    "三封",
    "两封",
    "两次",
    "三次",
    "四次",
    "五次",
    "六次",
    "四封",
    "五封",
    // A time said in Chinese numerals ("已两个月").
    "一个月",
    "两个月",
    "三个月",
    "两周",
    "三周",
    "两个星期",
    // A month and more, in words (set 444).
    "over a month",
    "more than a month",
    "über einem monat",
    "über einen monat",
    "más de un mes",
    "一个多月",
    "两个多月",
    // The attempt counted by its order (set 460).
    "2nd reminder",
    "3rd reminder",
    "4th reminder",
    "2nd attempt",
    "3rd attempt",
    "4th attempt",
    "3rd mail",
    "4th mail",
    // A share in words.
    "half|",
    "hälfte",
    "mitad",
    "一半",
    "反复",
];

/// Status words: a note made only of these says nothing.
const STATUS_WORDS: &[&str] = &[
    "no",
    "not",
    // "Invalid now", "Jetzt ungültig", "Ahora no válido", "现在无效": when, and not why.
    "now",
    "jetzt",
    "ahora",
    "现在",
    "intent",
    "none",
    "unresponsive",
    "blocked",
    // Stuck, said in Chinese (set 427).
    "卡着",
    "卡住",
    "in",
    "progress",
    "unknown",
    "status",
    "customer",
    "cust",
    "the",
    "is",
    "has",
    // "Not planning Intune": no intent, said by what is not planned.
    "planning",
    "planean",
    "geplant",
    // "Kunde hat derzeit keine Absicht", "El cliente no tiene intención": the verb that
    // carries the status, as "has" does.
    "hat",
    "ist",
    "tiene",
    "deploy",
    "can't",
    "cannot",
    // "can't" and "won't" as the note's words split them.
    "can",
    "won",
    "t",
    "right",
    "keine",
    "absicht",
    "blockiert",
    "blkd",
    "bloq",
    "bloqueo",
    "blocker",
    // "Kunde hat abgesagt": the customer said no, and no more.
    "abgesagt",
    "nope",
    "nö",
    "nada",
    "bearbeitung",
    "unbekannt",
    "kunde",
    // "Customer not responding": the silence, and no more.
    "responding",
    "reagiert",
    "nicht",
    "erreichbar",
    "interested",
    "interessiert",
    "interesa",
    "le",
    "les",
    "sin",
    "intención",
    "bloqueado",
    "bloqueada",
    "bloqueados",
    "bloqueadas",
    "en",
    "curso",
    "desconocido",
    "cliente",
    "responde",
    "respuesta",
    "de",
    "el",
    "la",
    "a",
    "an",
    "and",
    "n/a",
    "na",
    "tbd",
    "see",
    "siehe",
    "ver",
    "above",
    "same",
    "as",
    "update",
    "pending",
    "pendiente",
    "kann",
    "ausrollen",
    "puede",
    // "no se puede desplegar": the reflexive of the bare status.
    "se",
    "desplegar",
    "desplegará",
    "desplegarán",
    "bereitstellen",
    "bereitgestellt",
    "einführen",
    "eingeführt",
    // "(on) hold", "paused": a status of their own, as "blocked" is ("on" goes with
    // "hold" only: STATUS_PHRASES).
    "hold",
    // "still blocked, no change": nothing new is nothing said.
    "still",
    "change",
    "changes",
    "weiterhin",
    "immer",
    "änderung",
    "änderungen",
    "sigue",
    "cambios",
    "novedades",
    "unchanged",
    "unverändert",
    "sin",
    "没有变化",
    "paused",
    "pausiert",
    "angehalten",
    "pausa",
    "pausado",
    // Duplicate or invalid, and the row's own noun: the status said, not its why
    // ("Derecho no válido" is as bare as "Invalid entitlement").
    "duplicate",
    "duplicated",
    "dup",
    "dupe",
    "invalid",
    "entitlement",
    "entitlements",
    "duplikat",
    "dublette",
    "doppelt",
    "doppelter",
    "doppelte",
    "doppeltes",
    "ungültig",
    "berechtigung",
    "duplicado",
    "duplicada",
    "inválido",
    "inválida",
    "válido",
    "derecho",
];

/// A reason still to learn ("reason unknown", "Grund unklar", "motivo desconocido", "原因
/// 不明"): none given (D275).
const REASONS_UNKNOWN: &[&str] = &[
    "reason unknown",
    "reason not known",
    "reason unclear",
    "reason not clear",
    "reason tbd",
    "cause unknown",
    "cause unclear",
    "unclear why",
    "not sure why",
    "no idea why",
    "finding out why",
    "grund unklar",
    "grund unbekannt",
    "grund noch unklar",
    "grund noch offen",
    "grund klären wir noch",
    "ursache unklar",
    "ursache unbekannt",
    "ursache noch unklar",
    "motivo desconocido",
    "motivo no está claro",
    "motivo no claro",
    "motivo todavía lo estamos averiguando",
    "lo estamos averiguando",
    "estamos averiguando",
    "no sabemos por qué",
    "causa desconocida",
    "原因不明",
    "原因不清楚",
    "原因还不清楚",
    "原因未知",
    "原因待查",
    "原因待定",
    "原因还在了解",
    "具体原因还在了解",
    "不知道原因",
    // A reason too long to tell is not told (D283).
    "long story",
    "lange geschichte",
    "larga historia",
    "说来话长",
];

/// Status words that are such only together: taken out before the words are counted.
const STATUS_PHRASES: &[&str] = &[
    "on hold",
    // The heading of a next step says nothing itself ("Next step: …", "下一步：…").
    "next step",
    "nächster schritt",
    "als nächstes",
    "próximo paso",
    "siguiente paso",
    "下一步",
    // Which workload the row is about, said again.
    "for this workload",
    "für diesen workload",
    "para esta carga de trabajo",
    "para esta carga",
    "对该工作负载",
    "该工作负载",
    "meldet sich nicht",
    "doesn't get back to us",
    "does not get back to us",
    "not getting back to us",
    "no nos contesta",
    "no nos responde",
    "kein interesse",
    "no tiene interés",
    "no está interesado",
    "no están interesados",
    "no le interesa",
    "no les interesa",
    "no nos interesa",
    // A no without its why, said in passing.
    "not happening",
    "not keen on",
    "wenig lust auf",
    "兴趣缺缺",
    "wird nix",
    "no va",
    "没戏",
    // A no without its why.
    "said no",
    "says no",
    "sagt nein",
    "sagte nein",
    "dijo que no",
    "dice que no",
    // Next steps left open say nothing of the row.
    "next steps tbd",
    "next steps to be defined",
    "next steps unclear",
    "next steps open",
    "nächste schritte offen",
    "nächste schritte unklar",
    "nächste schritte tbd",
    "próximos pasos por definir",
    "por definir",
    "próximos pasos pendientes",
    "próximos pasos tbd",
    "下一步待定",
    "下一步未定",
    "下一步待确定",
    // Details promised are details not given.
    "detalles más adelante",
    "details to follow",
    "details follow",
    "details folgen",
    "details später",
    "detalles a continuación",
    "más detalles después",
    // Until now, and no more ("Unresponsive so far", "Bisher keine Reaktion") (D220).
    "so far",
    "bisher",
    "hasta ahora",
    "目前为止",
    "到目前为止",
    // No answer yet, and no more ("no reply yet", "noch keine Antwort") (D265).
    "no reply yet",
    "no response yet",
    "no answer yet",
    // Whose the silence is, and no more (set 416).
    "keine antwort vom kunden",
    "keine rückmeldung vom kunden",
    "noch keine antwort",
    "noch keine rückmeldung",
    "aún sin respuesta",
    "todavía sin respuesta",
    // "暂无意向": none for now, and the status.
    "暂无",
    // Silent, and no more ("Contact's gone quiet", "对接人没动静") (set 435).
    "contact's gone quiet",
    "contact has gone quiet",
    "contact went quiet",
    "gone quiet",
    "ansprechpartner rührt sich nicht",
    "rührt sich nicht",
    "no da señales",
    // Not reached, and no more ("Couldn't reach them.", "No los localicé.") (set 451).
    "couldn't reach them",
    "could not reach them",
    "couldn't reach",
    "could not reach",
    "no los localicé",
    "no lo localicé",
    // An update promised is no update.
    "will update",
    "actualizaré",
];

const STATUS_ZH: &[&str] = &[
    "无意向",
    "不考虑",
    "说不要",
    // A particle of a guess.
    "吧",
    "受阻",
    "进行中",
    "状态未知",
    "客户",
    "无响应",
    "未回复",
    "无回应",
    "没反应",
    "不感兴趣",
    "没兴趣",
    // Not doing it, for now (set 424).
    "先不搞",
    "不搞",
    // Put aside for now: on hold, said in Chinese (set 422).
    "先放一放",
    "放一放",
    "详情待补充",
    "详情后补",
    "没有回应",
    "未回应",
    "没回复",
    "没回应",
    // "客户还没有回复": the silence, and "still" (set 416).
    "对接人没动静",
    // Bought new, and no more: "PBI新买的。" (set 439).
    "新买的",
    // Not reached, and no more (set 451).
    "没联系上",
    "没动静",
    "还没有回复",
    "还没回复",
    "没有回复",
    "不回复",
    "不回应",
    "联系不上",
    "无法部署",
    "没法部署",
    "没办法部署",
    "不能部署",
    "不部署",
    "现在",
    "没有",
    "意向",
    "阻塞",
    "搁置",
    "暂停",
    "仍然",
    "变化",
    // The status unchanged: "状态没变" (set 446).
    "状态",
    "没变",
    "不变",
    "更新",
    "重复",
    "无效",
    // The row's noun, as "entitlement" is (D115).
    "权益",
    // The status set again ("又是IP了", "又在进行中了"), as "again" says (D290).
    "又是",
    "又在",
    "又",
    "了",
];

/// Kinds of reason cut short ("infra"): kinds as the words above are, but no part of a
/// compound ("infraestructura" is the whole word, not a compound of "infra").
const SHORT_KINDS: &[&str] = &["infra"];

/// Words for usage: a usage figure says how much is used, not why (the playbook's "Not
/// enough information": "Customer has no intent for this workload or usage 0.0%").
const USAGE: &[&str] = &[
    "usage",
    "utilization",
    "utilisation",
    "nutzung",
    "uso",
    "使用率",
];

/// Whether a word joins the name of a kind of reason to another noun, as German writes
/// in one word what English writes in two ("Funktionslücke" for "feature gap",
/// "Sicherheitsbedenken" for "security concerns"): such a word says the kind as two words
/// do (D125).
fn is_compound_of_a_kind(word: &str) -> bool {
    word.chars().count() >= 10
        && !word.chars().any(text::is_cjk)
        && CATEGORY_WORDS
            .iter()
            .any(|k| k.chars().count() >= 5 && *k != word && word.contains(k))
}

/// A normalised note without the abbreviation of a status that opens it ("su no resp",
/// "ip ongoing", "ni cust said no"), as `abbreviated_label` reads them: in other places
/// "su" is Spanish's "their" and "ip" an address (D276).
fn without_opening_abbreviation(norm: &str) -> &str {
    let text = norm.trim_start();
    crate::STATUS_ABBREVIATIONS
        .iter()
        .find_map(|(short, _)| {
            text.get(..short.len())
                .filter(|head| head.eq_ignore_ascii_case(short))
                .map(|_| &text[short.len()..])
                .filter(|rest| rest.starts_with(|c: char| !c.is_alphanumeric()))
        })
        .unwrap_or(norm)
}

/// The text without its usage figures ("usage 0.0%", "Nutzung 0,0 %", "使用率0.0%").
fn without_usage(t: &str) -> String {
    let mut out = t.to_string();
    for word in USAGE {
        while let Some(at) = out.find(word).filter(|&at| {
            word.starts_with(text::is_cjk)
                || out[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
        }) {
            let rest = &out[at + word.len()..];
            let figure = rest
                .char_indices()
                .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, ' ' | '.' | ',' | '%')))
                .map_or(rest.len(), |(i, _)| i);
            // Only a word followed by its figure: "usage is low" says something.
            if !rest[..figure].chars().any(|c| c.is_ascii_digit()) {
                break;
            }
            out.replace_range(at..at + word.len() + figure, " ");
        }
    }
    out
}

/// German verbs of work a "derzeit" may stand beside without hedging ("arbeitet derzeit
/// an …", "derzeit läuft die Migration"), as the normalised note spells them.
const WORK_VERBS_DE: &[&str] = &[
    "arbeitet",
    "arbeiten",
    "migriert",
    "migrieren",
    "testet",
    "testen",
    "verteilt",
    "verteilen",
    "schult",
    "schulen",
    "rollt",
    "rollen",
    "aktualisiert",
    "aktualisieren",
    // "aktuell Test der Aktualisierung": the work itself, named.
    "test",
    "tests",
    "pilot",
];

/// Spanish verbs of work after "actualmente" ("actualmente trabaja en …").
const WORK_VERBS_ES: &[&str] = &[
    "trabaja",
    "trabajan",
    "migra",
    "migran",
    "prueba",
    "prueban",
    "despliega",
    "despliegan",
    "forma",
    "forman",
    "configura",
    "configuran",
];

/// The note's words, an apostrophe kept inside them ("can't").
fn words_of(norm: &str) -> Vec<&str> {
    norm.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether `hedge` is one of the note's words and `excused(words, i)` holds at each place
/// `i` it stands.
fn each_occurrence(norm: &str, hedge: &str, excused: impl Fn(&[&str], usize) -> bool) -> bool {
    let words = words_of(norm);
    let mut at = (0..words.len()).filter(|&i| words[i] == hedge).peekable();
    at.peek().is_some() && at.all(|i| excused(&words, i))
}

/// Whether `hedge` occurs in the note and every occurrence is excused by the word just
/// before and the word just after it.
fn each_beside(norm: &str, hedge: &str, excused: impl Fn(&str, &str) -> bool) -> bool {
    each_occurrence(norm, hedge, |words, i| {
        let before = i.checked_sub(1).map_or("", |j| words[j]);
        excused(before, words.get(i + 1).copied().unwrap_or(""))
    })
}

/// Whether `hedge` occurs in the note and a number stands among the two words after each
/// occurrence ("currently at 40% MAU", "derzeit bei 40 % MAU").
fn each_before_a_count(norm: &str, hedge: &str) -> bool {
    each_occurrence(norm, hedge, |words, i| {
        words[i + 1..]
            .iter()
            .take(2)
            .any(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()))
    })
}

/// Whether `hedge` occurs in the note with an inability among the four words before it
/// ("cannot currently", "lassen sich derzeit nicht", "no se pueden aplicar actualmente").
/// A negation alone is not one: "Derzeit kein Business-Treiber" hedges the no.
fn each_after_an_inability(norm: &str, hedge: &str) -> bool {
    const CANNOT: &[&str] = &[
        "cannot", "can't", "kann", "können", "konnen", "lassen", "lässt", "lasst", "puede",
        "pueden",
    ];
    each_occurrence(norm, hedge, |words, i| {
        words[i.saturating_sub(4)..i]
            .iter()
            .any(|w| CANNOT.contains(w))
    })
}

/// Whether `hedge` occurs in the note and a month or a word with a digit stands among the
/// four words after each occurrence.
fn each_before_a_date(norm: &str, hedge: &str) -> bool {
    each_occurrence(norm, hedge, |words, i| {
        words[i + 1..]
            .iter()
            .take(4)
            .any(|w| MONTHS.contains(w) || w.chars().any(|c| c.is_ascii_digit()))
    })
}

/// Whether `hedge` occurs in the note and a number stands among the three words before
/// each occurrence (what was counted, then where it stands now).
fn each_after_a_count(norm: &str, hedge: &str) -> bool {
    each_occurrence(norm, hedge, |words, i| {
        words[i.saturating_sub(3)..i]
            .iter()
            .any(|w| w.chars().all(|c| c.is_ascii_digit()))
    })
}

/// Whether a month or a figure stands among the six words after each "revisit".
fn revisit_dated(norm: &str) -> bool {
    each_occurrence(norm, "revisit", |words, i| {
        words[i + 1..]
            .iter()
            .take(6)
            .any(|w| MONTHS.contains(w) || w.chars().any(|c| c.is_ascii_digit()))
    })
}

/// Whether each use of `hedge` in the note as written measures how far the work has come
/// and does not hedge the status: after a share ("45% weekly active for now", "~6 %
/// activos por ahora", D290) or right before no issues ("por ahora sin incidencias", "目前
/// 没出问题", set 441). Read in the note as written, whose signs and commas the normalised
/// note has dropped: "blocked for now, no issues with the network" keeps its hedge.
fn measures_so_far(raw: &str, hedge: &str) -> bool {
    const ALL_WELL: &[&str] = &[
        "no issues",
        "keine probleme",
        "sin incidencias",
        "sin problemas",
        "没出问题",
        "没有问题",
    ];
    if !matches!(
        hedge,
        "for now" | "por ahora" | "vorerst" | "de momento" | "暂时" | "目前"
    ) {
        return false;
    }
    each_within(&raw.to_lowercase(), hedge, |before, after| {
        after_a_share(before)
            || after_a_part_of_a_whole(before)
            || ALL_WELL
                .iter()
                .any(|w| after.trim_start_matches(' ').starts_with(w))
    })
}

/// Whether a share ("45%", "6 %") stands among the three words before the end of `before`,
/// within its clause.
fn after_a_share(before: &str) -> bool {
    if before.trim_end().ends_with(text::is_cjk) {
        return before
            .chars()
            .rev()
            .take(8)
            .take_while(|c| !"，。；,.;".contains(*c))
            .any(|c| c == '%' || c == '％');
    }
    for word in before.split_whitespace().rev().take(3) {
        // The clause ends at this word.
        if word.ends_with([',', ';', '.', ':']) {
            return false;
        }
        if word.contains('%') {
            return true;
        }
    }
    false
}

/// Whether a part counted of its whole (`crate::counts_a_share`: "1.200 de 3.000 PCs", "4 von
/// 9", "1200/3000") stands among the five words before the end of `before`, within its clause
/// (set 456).
fn after_a_part_of_a_whole(before: &str) -> bool {
    let mut words: Vec<&str> = Vec::new();
    for word in before.split_whitespace().rev().take(5) {
        // The clause ends at this word.
        if word.ends_with([',', ';', '.', ':']) {
            break;
        }
        words.push(word);
    }
    words.reverse();
    crate::counts_a_share(&words.join(" "))
}

/// Whether `hedge` occurs in the note and every occurrence is excused by the text just
/// before and after it: `each_beside` for Chinese, which has no spaces between words.
fn each_within(norm: &str, hedge: &str, excused: impl Fn(&str, &str) -> bool) -> bool {
    let mut seen = false;
    norm.match_indices(hedge).all(|(at, w)| {
        seen = true;
        excused(&norm[..at], &norm[at + w.len()..])
    }) && seen
}

/// Whether every use of a hedge word in the note is no hedge after all. "Currently" may say
/// what is being done now ("currently working on remediation steps", "actualmente
/// migrando", "目前正在迁移"): the playbook's great note for work in progress says so, where
/// "currently blocked" hedges a status. "目前" may also name a phase, a figure or what the
/// product cannot do today; "le parece" reports what someone thinks ("al cliente le parece
/// caro"), not the writer's doubt ("parece que no hay presupuesto").
fn hedge_excused(norm: &str, hedge: &str) -> bool {
    // "700 PCs currently on Win8.1", "700 PCs derzeit auf Win8.1", "700 PCs que actualmente
    // tienen Win8.1": where a counted thing stands today, as "目前活跃约6%" is (D198).
    if matches!(
        hedge,
        "currently" | "actualmente" | "derzeit" | "momentan" | "zurzeit" | "aktuell"
    ) && (each_after_a_count(norm, hedge) || each_before_a_count(norm, hedge))
    {
        return true;
    }
    // "cannot currently be applied", "lassen sich derzeit nicht anwenden", "no se pueden
    // aplicar actualmente": what cannot be done today is the gap, not a hedge (D220).
    if matches!(hedge, "currently" | "actualmente" | "derzeit" | "zurzeit")
        && each_after_an_inability(norm, hedge)
    {
        return true;
    }
    // "go-live tbd Jan", "tbd w/ BR in KW3": a date still to fix, with its month or week
    // said right after, is a next step, not a hedge on the status (D217).
    if hedge == "tbd" && each_before_a_date(norm, hedge) {
        return true;
    }
    match hedge {
        // "lehnt die Cloud grundsätzlich ab", "grundsätzlich keine Cloud": on principle.
        "grundsätzlich"
            if ["ab", "nicht", "kein", "keine", "nie"]
                .iter()
                .any(|w| text::contains(norm, w, true)) =>
        {
            true
        }
        // "budget approved in principle", "Budget grundsätzlich genehmigt", "原则上批了": an
        // approval given, and what it lacks is told beside it; no guess (set 422).
        "in principle" | "im prinzip" | "grundsätzlich" | "en principio" | "原则上" => {
            const GIVEN: &[&str] = &[
                "approved",
                "agreed",
                "accepted",
                "genehmigt",
                "zugestimmt",
                "freigegeben",
                "aprobado",
                "aprobada",
                "aceptado",
                "acordado",
                "批",
                "同意",
            ];
            // Within 16 characters either side.
            let near = |t: &str| GIVEN.iter().any(|g| t.contains(g));
            each_within(norm, &text::fold(hedge), |before, after| {
                let from = before.char_indices().rev().nth(15).map_or(0, |(i, _)| i);
                let to = after.char_indices().nth(16).map_or(after.len(), |(i, _)| i);
                near(&before[from..]) || near(&after[..to])
            })
        }
        // "fühlt sich … nicht wohl": not at ease, no guess (D299).
        "wohl" => each_beside(norm, hedge, |before, _| matches!(before, "nicht" | "sich")),
        // "only the 800 agency-issued devices may be enrolled": what is allowed, not a
        // guess (D293).
        "may be" => each_within(norm, hedge, |before, _| {
            before
                .split_whitespace()
                .rev()
                .take(6)
                .any(|w| matches!(w, "only" | "nur" | "solo"))
        }),
        // "owner TBD – asked the CSAM": whom the row still lacks, a fact of a new
        // subscription, not a hedge on the status (D287).
        "tbd" => each_beside(norm, hedge, |before, _| {
            matches!(
                before,
                "owner" | "contact" | "sponsor" | "ansprechpartner" | "responsable" | "contacto"
            )
        }),
        // "arbeitet derzeit an den Korrekturschritten": a verb of work beside the word.
        "derzeit" | "momentan" | "zurzeit" | "aktuell" => {
            let working = |w: &str| WORK_VERBS_DE.contains(&w);
            // "das kann AIP aktuell nicht", "geht derzeit nicht": what the product cannot do
            // today, as "目前" before "做不到".
            let cannot = ["kann", "geht", "unterstützt", "bietet"]
                .iter()
                .any(|w| text::contains(norm, &text::fold(w), true));
            each_beside(norm, hedge, |before, after| {
                // "laufen derzeit nur in Chrome": what works today, and only that.
                working(before) || working(after) || cannot && after == "nicht" || after == "nur"
            })
        }
        "parece" => each_beside(norm, hedge, |before, after| {
            matches!(before, "le" | "les") && after != "que"
        }),
        "currently" | "actualmente" => {
            let mut words = norm
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty());
            let mut seen = false;
            while let Some(w) = words.next() {
                if w != hedge {
                    continue;
                }
                seen = true;
                let mut next = words.next().unwrap_or("");
                // "actualmente están migrando"
                // "están", "está", accents folded.
                if matches!(next, "estan" | "esta" | "estamos") {
                    next = words.next().unwrap_or("");
                }
                let doing = if hedge == "actualmente" && WORK_VERBS_ES.contains(&next) {
                    true
                } else if hedge == "currently" {
                    next.len() > 4
                        && next.ends_with("ing")
                        && !matches!(next, "nothing" | "something" | "anything" | "pending")
                } else {
                    next.len() > 5 && (next.ends_with("ando") || next.ends_with("iendo"))
                };
                if !doing {
                    return false;
                }
            }
            seen
        }
        // "到目前为止" is "so far", no hedge.
        // "目前在第3批", "目前处于第二阶段": the phase the work is at; "目前活跃约6%": a
        // figure measured now; "目前做不到": what the product cannot do today.
        "目前" => each_within(norm, hedge, |before, rest| {
            // "目前在测": doing it now, as "currently testing" is.
            rest.starts_with("正在")
                || rest.starts_with('在')
                || (before.ends_with('到') && rest.starts_with("为止"))
                || [
                    "在第",
                    "只有",
                    "处于",
                    "处在",
                    "已",
                    "做不到",
                    "不支持",
                    "无法",
                    "还不支持",
                    "只能",
                    // What is missing today ("目前还没有本地数据中心可选"), as "not yet".
                    "还没有",
                    "还没",
                    "没有",
                    "尚无",
                    "尚未",
                ]
                .iter()
                .any(|p| rest.starts_with(p))
                || rest.chars().take(6).any(|c| c.is_ascii_digit())
                // What cannot be done today, said a few words on ("目前对他们不可行").
                || {
                    // Within its clause: "目前受阻，无法部署" hedges the status.
                    let near: String = rest
                        .chars()
                        .take_while(|c| !"，。；,.;".contains(*c))
                        .take(8)
                        .collect();
                    ["不可行", "不可能", "做不到", "无法", "没法"]
                        .iter()
                        .any(|p| near.contains(p))
                }
        }),
        // "租户设置暂时锁定": a measure taken meanwhile (locked, switched off), not the intent
        // hedged, as "locked down meanwhile" is none.
        // "暂时还不能设为默认": what cannot be done yet, as "not yet".
        "暂时" => each_within(norm, hedge, |_, rest| {
            [
                "锁定",
                "关闭",
                "禁用",
                "停用",
                "屏蔽",
                "还不能",
                "不能",
                "无法",
            ]
            .iter()
            .any(|p| rest.starts_with(p))
        }),
        _ => false,
    }
}

/// The grade's word lists, normalised once when the engine loads: (pattern id, as written).
pub(crate) struct Vocabulary {
    hedges: Vec<(usize, &'static str)>,
    logistics: Vec<(usize, &'static str)>,
    causes: Vec<(usize, &'static str)>,
    counts: Vec<(usize, &'static str)>,
    vague_counts: Vec<(usize, &'static str)>,
    count_details: Vec<(usize, &'static str)>,
    account_kinds: Vec<(usize, &'static str)>,
    vague: Vec<(usize, &'static str)>,
    details_later: Vec<(usize, &'static str)>,
    contacts_due: Vec<(usize, &'static str)>,
    meetings_held: Vec<(usize, &'static str)>,
    vague_reasons: Vec<(usize, &'static str)>,
    awaited: Vec<(usize, &'static str)>,
    undecided: Vec<(usize, &'static str)>,
    replies_awaited: Vec<(usize, &'static str)>,
    intent_sought: Vec<(usize, &'static str)>,
    weighing: Vec<(usize, &'static str)>,
    unnamed_rivals: Vec<(usize, &'static str)>,
    references: Vec<(usize, &'static str)>,
    product_meetings: Vec<(usize, &'static str)>,
    /// Lists compared with the note word for word, spelled as the normalised note is.
    status_words: Vec<String>,
    status_phrases: Vec<String>,
    reasons_unknown: Vec<(usize, &'static str)>,
    hedge_words: Vec<String>,
    progress_words: Vec<String>,
}

/// Every word list of the grade, for the vocabulary notes are respelled into.
pub(crate) fn word_lists() -> impl Iterator<Item = &'static str> {
    [
        HEDGES,
        LOGISTICS,
        VAGUE_REASONS,
        AWAITED_EVENTS,
        UNDECIDED,
        WEIGHING,
        UNNAMED_RIVALS,
        REFERENCES,
        PROGRESS_WORDS,
        FILLERS,
        VAGUE,
        DETAILS_LATER,
        DECIDERS,
        CAUSES,
        WAITING,
        REPLIES_AWAITED,
        FEEDBACK_AWAITED,
        UNREADY,
        INTENT_SOUGHT,
        COUNTS,
        VAGUE_COUNTS,
        CALLS_MADE,
        ACCOUNT_KINDS,
        STATUS_WORDS,
        STATUS_PHRASES,
        REASONS_UNKNOWN,
        STATUS_ZH,
        USAGE,
        WORK_VERBS_DE,
        WORK_VERBS_ES,
        PRODUCT_MEETINGS,
    ]
    .into_iter()
    .flatten()
    .copied()
}

/// What a count of the row's seats is said in ("400 seats", "1.200 Lizenzen", "500个席位").
const SEATS: &[&str] = &[
    "seats",
    "seat",
    "licenses",
    "licences",
    "license",
    "licence",
    "lizenzen",
    "lizenz",
    "licencias",
    "licencia",
    "puestos",
    "席位",
    "个席位",
    "个许可",
];

/// Whether the words right after a number make it the row's size ("Split: 500 seats,
/// blocked due to network"): the seats a status is kept for say nothing of why, so the
/// count is no figure of a reason. Not for Status Unknown, where the seats a new
/// subscription brought are what it is ("E5 bought for Teams Phone, 2,000 seats").
fn counts_seats(rest: &str) -> bool {
    seat_word_at(rest).is_some()
}

/// The length of the seat word at the start of `rest` (after spaces and the thousands a
/// normalised "1,500" leaves as a word of their own), if one is there.
fn seat_word_at(rest: &str) -> Option<usize> {
    let body = rest.trim_start();
    let mut skipped = rest.len() - body.len();
    let mut body = body;
    let thousands = body.len() > 3
        && body.as_bytes()[..3].iter().all(u8::is_ascii_digit)
        && body[3..].starts_with(' ');
    if thousands {
        skipped += 4;
        body = &body[4..];
    }
    let seat_at = |body: &str| {
        SEATS.iter().find_map(|w| {
            body.strip_prefix(w)
                .filter(|after| {
                    after
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric() || text::is_cjk(c))
                })
                .map(|_| w.len())
        })
    };
    // One word may say which seats ("3,000 mobile seats", "3.000 Mobile-Seats") (D291).
    seat_at(body)
        .or_else(|| {
            let end = body.find([' ', '-'])?;
            let word = &body[..end];
            (!word.is_empty() && word.chars().all(char::is_alphabetic))
                .then(|| seat_at(&body[end + 1..]).map(|n| end + 1 + n))
                .flatten()
        })
        .map(|n| skipped + n)
}

/// The words that name the row itself rather than its status: a split of the entitlement.
/// Written as a normalised note spells them (accents folded: "división").
const SPLITS: &[&str] = &[
    "split row",
    "split",
    "split-zeile",
    "fila dividida",
    "division",
    "拆分行",
    "拆分",
];

/// The note without the row's size and split ("Split: 500 seats", "拆分：500个席位"): what
/// the row holds, not why its status is what it is.
fn without_row_size(norm: &str) -> String {
    let mut out = String::with_capacity(norm.len());
    let mut rest = norm;
    let mut prev: Option<char> = None;
    while let Some(c) = rest.chars().next() {
        let word_start = prev.is_none_or(|p| !p.is_alphanumeric() || text::is_cjk(p));
        if word_start && (c.is_ascii_digit() || c.is_alphabetic()) {
            if c.is_ascii_digit() {
                let number = rest
                    .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | ',')))
                    .unwrap_or(rest.len());
                if let Some(len) = seat_word_at(&rest[number..]) {
                    out.push(' ');
                    rest = &rest[number + len..];
                    prev = Some(' ');
                    continue;
                }
            }
            let split = SPLITS.iter().find(|w| {
                rest.strip_prefix(**w).is_some_and(|after| {
                    text::is_cjk(c)
                        || after
                            .chars()
                            .next()
                            .is_none_or(|a| !a.is_alphanumeric() || text::is_cjk(a))
                })
            });
            if let Some(split) = split {
                out.push(' ');
                rest = &rest[split.len()..];
                prev = Some(' ');
                continue;
            }
        }
        out.push(c);
        prev = Some(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A word that starts with letters and holds digits names a product or a plan ("M365",
/// "E5", "Win10", "IE11", "P1"), unless it is a quarter, a half or a week ("Q2", "T1",
/// "H2", "FY25", "KW12", "CW3", "wk2") or a count ("x3"): that is a figure.
fn is_product_name(token: &str) -> bool {
    let letters: String = token.chars().take_while(|c| c.is_alphabetic()).collect();
    !letters.is_empty()
        && ![
            "q", "t", "h", "fy", "kw", "cw", "wk", "x", "wave", "welle", "ola", "batch", "phase",
        ]
        .contains(&letters.as_str())
}

/// Whether the note holds a figure other than a date or a time of day ("12/3", "12.3.",
/// "2027-01-15", "10:30", "3月12日", "下周二10点"): counts, shares, versions, quarters.
fn figures_beside_dates(norm: &str, seats_are_size: bool) -> bool {
    let date_part = |c: char| matches!(c, '.' | '/' | '-' | ':');
    let mut token = String::new();
    let mut found = false;
    // `rest`: the note after the token.
    let mut flush = |token: &mut String, rest: &str| {
        // "1 月 10 日": a space may stand between the figure and its unit.
        let cjk_date = rest
            .trim_start()
            .chars()
            .next()
            .is_some_and(|c| matches!(c, '月' | '日' | '号' | '点' | '时'));
        let row_size = seats_are_size && counts_seats(rest);
        // A day before its month's name ("10 Jan", "5 Dec") is a date (D239).
        let month_next = token.len() <= 2
            && rest
                .split(|c: char| !c.is_alphanumeric())
                .find(|w| !w.is_empty())
                .is_some_and(|w| MONTHS.contains(&w));
        if token.chars().any(|c| c.is_ascii_digit())
            && !cjk_date
            && !month_next
            && !text::is_date(token)
            && !is_product_name(token)
            && !row_size
        {
            found = true;
        }
        token.clear();
    };
    for (at, c) in norm.char_indices() {
        if c.is_alphanumeric() && !text::is_cjk(c) || date_part(c) && !token.is_empty() {
            token.push(c);
        } else {
            flush(&mut token, &norm[at..]);
        }
    }
    flush(&mut token, "");
    found
}

/// A trailing `|` asks for the whole word, as in the cues: "termin|" (a meeting, German) is
/// not "terminada" (finished, Spanish).
fn prepared(list: &[&'static str], patterns: &mut text::Patterns) -> Vec<(usize, &'static str)> {
    list.iter()
        .map(|w| match w.strip_suffix('|') {
            Some(word) => (patterns.id(&text::cue_text(word), true), word),
            None => (patterns.id(&text::cue_text(w), false), *w),
        })
        .collect()
}

/// The first word of `list` the note holds, as written in the list.
/// Kinds of reason joined by slashes and nothing else ("cloud/legal", "Cloud-/Rechtsthemen",
/// "nube/legales", "云/法律问题"): the guidance's poor "cloud/data/legal issues", however it is
/// spelled. Returns the words found.
fn slash_kinds(raw: &str) -> Option<String> {
    if !raw.contains('/') {
        return None;
    }
    const CLOUD: &[&str] = &[
        "cloud",
        "data",
        "daten",
        "datos",
        "nube",
        "rechtsthemen",
        "云",
        "数据",
    ];
    let kind = |part: &str| {
        let part = part.trim_matches(|c: char| !c.is_alphanumeric());
        !part.is_empty() && words_beside(part, &[CATEGORY_WORDS, SHORT_KINDS, CLOUD].concat()) == 0
    };
    // A heading ("Blocked - Legal/Regulatory: client data must stay…") names the status the
    // rest explains: not a reason.
    text::fold(&raw.to_lowercase())
        .split_whitespace()
        .filter(|token| token.contains('/') && !token.ends_with([':', '：']))
        .find(|token| {
            let parts: Vec<&str> = token
                .split(['/', '-'])
                .filter(|p| !p.trim_matches(|c: char| !c.is_alphanumeric()).is_empty())
                .collect();
            parts.len() >= 2 && parts.iter().all(|p| kind(p))
        })
        .map(|token| {
            token
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string()
        })
}

/// Whether the tool named by `phrase` is one the customer does not want ("no quiere otra
/// herramienta", "doesn't want another tool", "不想再加工具"): no rival in use.
fn refused(norm: &str, phrase: &str) -> bool {
    // Written as the normalised note spells them: lower case, no accents.
    const REFUSALS: &[&str] = &[
        "don't want",
        "doesn't want",
        "does not want",
        "wants no",
        "no need for",
        "will kein",
        "will keine",
        "wollen kein",
        "no quiere",
        "no quieren",
        "no necesita",
        // The need denied ("no ve necesidad de otra herramienta") (D268).
        "necesidad de",
        "kein bedarf",
        "keinen bedarf",
        "不想",
        "不要",
        "不需要",
    ];
    let phrase = text::fold(phrase);
    // The phrase, each time it occurs, follows a refusal within a few words.
    norm.contains(phrase.as_str())
        && norm.match_indices(phrase.as_str()).all(|(at, _)| {
            let start = norm[..at]
                .char_indices()
                .rev()
                .nth(23)
                .map_or(0, |(i, _)| i);
            let before = &norm[start..at];
            REFUSALS.iter().any(|r| before.contains(r))
        })
}

/// The note without the clauses that hold `phrase` (folded), normalised.
fn without_clause_of(raw: &str, phrase: &str) -> String {
    // An aside in brackets is a clause of its own: "Migración 60 % hecha (ver link)" says
    // how far the work has come outside its pointer (D303).
    raw.split(|c| text::ends_clause(c) || matches!(c, '(' | ')' | '（' | '）'))
        .map(text::normalize)
        .filter(|clause| !clause.contains(phrase))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Approvals waited for, named by who gives them.
const APPROVALS: &[&str] = &[
    "until legal approves",
    "legal approves",
    "freigabe durch die rechtsabteilung",
    "que legal lo apruebe",
    "等法务批准",
    "等法务审核",
];

/// Whether an approval waited for is followed by what it approves: Chinese characters
/// right after it, or an article ("the", "der", "la" …) opening the thing approved.
fn approval_of_what(norm: &str, found: &str) -> bool {
    if !APPROVALS.contains(&found) {
        return false;
    }
    let found = text::fold(found);
    let Some(at) = norm.find(&found) else {
        return false;
    };
    let rest = &norm[at + found.len()..];
    rest.chars().next().is_some_and(text::is_cjk)
        || rest
            .split_whitespace()
            .next()
            .is_some_and(|w| ARTICLES.contains(&w) || w == "den")
}

fn first_found(hits: &text::Hits, list: &[(usize, &'static str)]) -> Option<String> {
    list.iter()
        .find(|(id, _)| hits.has(*id))
        .map(|(_, w)| w.to_string())
}

impl Vocabulary {
    pub(crate) fn new(patterns: &mut text::Patterns) -> Vocabulary {
        Vocabulary {
            hedges: prepared(HEDGES, patterns),
            logistics: prepared(LOGISTICS, patterns),
            causes: prepared(CAUSES, patterns),
            counts: prepared(COUNTS, patterns),
            vague_counts: prepared(VAGUE_COUNTS, patterns),
            count_details: prepared(&[CALLS_MADE, ACCOUNT_KINDS].concat(), patterns),
            account_kinds: prepared(ACCOUNT_KINDS, patterns),
            vague: prepared(&[VAGUE, DETAILS_LATER].concat(), patterns),
            details_later: prepared(DETAILS_LATER, patterns),
            contacts_due: prepared(CONTACTS_DUE, patterns),
            meetings_held: prepared(MEETINGS_HELD, patterns),
            vague_reasons: prepared(VAGUE_REASONS, patterns),
            awaited: prepared(AWAITED_EVENTS, patterns),
            undecided: prepared(UNDECIDED, patterns),
            replies_awaited: prepared(REPLIES_AWAITED, patterns),
            intent_sought: prepared(INTENT_SOUGHT, patterns),
            weighing: prepared(WEIGHING, patterns),
            unnamed_rivals: prepared(UNNAMED_RIVALS, patterns),
            references: prepared(REFERENCES, patterns),
            product_meetings: prepared(PRODUCT_MEETINGS, patterns),
            status_words: STATUS_WORDS.iter().map(|w| text::fold(w)).collect(),
            status_phrases: STATUS_PHRASES
                .iter()
                .chain(REASONS_UNKNOWN)
                .map(|w| text::fold(w))
                .collect(),
            reasons_unknown: prepared(REASONS_UNKNOWN, patterns),
            hedge_words: HEDGES.iter().map(|w| text::fold(w)).collect(),
            progress_words: PROGRESS_WORDS.iter().map(|w| text::fold(w)).collect(),
        }
    }

    /// Grades a note (`hits`: the patterns found in it); `best` is the proposed L1,
    /// `specific` whether a cue for it (a concrete cause or detail) was found and `named`
    /// whether the note names the competitor it uses, or a block's cause in a word.
    pub(crate) fn grade(
        &self,
        raw: &str,
        norm: &str,
        hits: &text::Hits,
        best: L1,
        specific: Specific,
        named: Named,
    ) -> Grade {
        // The word model's certainty gives a reason no cue names (D86), but for a new or
        // silent customer or work under way not one beside a meeting: notes of logistics
        // labelled with such a status teach it the logistics' words ("Kickoff call
        // scheduled for next Tues" is no reason, D152).
        let by_words = specific == Specific::ByWords;
        let cause_in_a_word = named == Named::Cause;
        let named = named == Named::Rival;
        let specific = specific != Specific::No;
        let mut reasons = Vec::new();
        let reason = |code, found: Option<String>| Reason { code, found };
        let (words, cjk) = text::units(norm);
        // Articles and "of" carry nothing: "Problema de licencias" is as short as "Licensing
        // issue", "El cliente prefiere Gmail" as "Customer prefers Gmail" (D115).
        // Nor does the frame of what someone said: "They said they use another BI tool" is
        // as short as "They use another BI tool" (D259); the verb and its speaker are left
        // out.
        let articles = norm
            .split(|c: char| !c.is_alphanumeric())
            .map(|w| {
                if ARTICLES.contains(&w) {
                    1
                } else if REPORTING.contains(&w) {
                    2
                } else {
                    0
                }
            })
            .sum::<usize>();
        // A text's size in words, a Chinese character half of one (an odd one left over
        // counts for nothing: "客户更喜欢 Zoom" is as short as "Customer prefers Zoom"),
        // its articles left out (D214).
        let in_words = |(words, cjk): (usize, usize)| (words + cjk / 2).saturating_sub(articles);
        // A next step that only waits for feedback adds nothing to the note's size.
        let (idle_words, idle_cjk) = idle_next_step(norm);
        // Nor do a mail's greeting, thanks and promise to keep everyone posted (D260).
        let (polite_words, polite_cjk) = courtesy(norm);
        let size = in_words((
            words.saturating_sub(idle_words + polite_words),
            cjk.saturating_sub(idle_cjk + polite_cjk),
        ));
        // Whether a note is too short to say anything counts an odd character as a word:
        // "法务审核中" says as much as "legal review ongoing".
        // A pointer elsewhere says nothing of its own: "New licences, see <link>" is as short
        // as "New licences" (D303).
        let (pointer_words, pointer_cjk) = self
            .references
            .iter()
            .filter(|(id, _)| hits.has(*id))
            .map(|(_, w)| text::units(&text::cue_text(w)))
            .fold((0, 0), |(a, b), (w, c)| (a + w, b + c));
        let short_size = (words.saturating_sub(pointer_words)
            + cjk.saturating_sub(pointer_cjk).div_ceil(2))
        .saturating_sub(articles);
        let short = short_size < SHORT;
        // Length is read as written, articles too. A Chinese character is two thirds of a
        // word here: a note told in English in 75 words takes about 110 characters.
        let too_long = words + cjk * 2 / 3 > LONG;
        if raw.trim().is_empty() {
            return Grade {
                level: Level::Poor,
                reasons: vec![reason(ReasonCode::Empty, None)],
            };
        }
        let mut poor = false;
        let mut marginal = false;
        // What is left without status words: a word or less is a bare status. So is a
        // status with nothing beside it but a hedge ("blocked for now", "bloqueado por
        // ahora", "暂时阻塞"): the specification's "can't deploy right now" is poor.
        // A service's name says which workload, not what is going on ("cannot deploy Teams
        // right now" is as bare as "cannot deploy right now"); looked up only where few
        // words are left.
        let content = |t: &str| {
            let mut t = without_usage(t);
            for p in &self.status_phrases {
                if t.contains(p.as_str()) {
                    t = t.replace(p.as_str(), " ");
                }
            }
            let left: Vec<&str> = t
                .split(|c: char| !c.is_alphanumeric() || text::is_cjk(c))
                .filter(|w| !w.is_empty() && !self.status_words.iter().any(|s| s == w))
                .collect();
            // Nor does the frame of what someone said: "Customer says not for now", "El
            // cliente dice que por ahora no" (D259, set 424).
            let reported = left.iter().any(|w| REPORTING.contains(w));
            let left: Vec<&str> = if reported {
                left.into_iter()
                    .filter(|w| !REPORTING.contains(w) && *w != "que")
                    .collect()
            } else {
                left
            };
            let words = if left.len() <= 3 {
                left.iter()
                    .filter(|w| !crate::is_service_word(w))
                    .map(|w| 1 + usize::from(is_compound_of_a_kind(w)))
                    .sum()
            } else {
                left.len()
            };
            let mut zh_rest = t.to_string();
            for w in STATUS_ZH {
                zh_rest = zh_rest.replace(w, "");
            }
            words
                + zh_rest
                    .chars()
                    .filter(|c| text::is_cjk(*c))
                    .count()
                    .div_ceil(2)
        };
        let mut unhedged = norm.to_string();
        for h in &self.hedge_words {
            if text::contains(&unhedged, h, false) {
                unhedged = unhedged.replace(h.as_str(), " ");
            }
        }
        // An event waited for or a busy customer says a little more than the status: it is
        // marginal, never bare ("On hold - customer busy").
        let awaited = first_found(hits, &self.awaited).is_some();
        // The row's own seats beside the status say no more than the status: "Blocked, 800
        // seats", "No intent for the 1,200 seats" (only L1 and a figure, domain.md 4.9). For
        // a new subscription the seats are what is new, and work under way beside them is
        // marginal as "In progress" alone is (D229).
        // A reason still to learn, and a few words beside it ("It's stuck, still finding
        // out why", "卡住了，具体原因还在了解"): the status alone (D275).
        let reason_unknown = first_found(hits, &self.reasons_unknown).is_some_and(|found| {
            in_words(text::units(&norm.replace(&text::fold(&found), " "))) <= 4
        });
        // The status's abbreviation opening the note ("SU – no resp.", "IP - ongoing")
        // says the status again (D276).
        let unlabelled = without_opening_abbreviation(norm);
        // A Spanish verb in the future of the first person says in one word what English
        // says in two ("reintentaré", "will retry"; "contactaré", "will contact") (D305).
        let futures = || {
            raw.split(|c: char| !c.is_alphanumeric())
                .filter(|w| {
                    w.chars().count() >= 6 && ["aré", "eré", "iré"].iter().any(|e| w.ends_with(e))
                })
                .count()
        };
        // Who decides, named as the one not interested ("A la dirección no le interesa"):
        // the kind of no intent, said in one word (set 422).
        let deciders = || usize::from(DECIDERS.iter().any(|w| text::contains(norm, w, false)));
        // Looked at only where the note is near bare.
        let thin = |t: &str| {
            let words = content(t);
            words < 2 && words + futures() + deciders() < 2
        };
        let bare = !(awaited || named || cause_in_a_word && short)
            && (reason_unknown
                || thin(unlabelled)
                || (unhedged != norm && content(&without_links(&unhedged)) == 0)
                || !matches!(best, L1::StatusUnknown | L1::InProgress)
                    && norm.bytes().any(|b| b.is_ascii_digit())
                    && content(&without_articles(&without_row_size(norm))) < 2);
        // "In Progress" alone states the intent (the customer is moving forward) without
        // saying where the work stands: marginal, where a bare "no intent" is poor
        // (domain.md 4.9, the playbook's situation 3).
        let bare_progress = best == L1::InProgress
            && (bare || short)
            && self
                .progress_words
                .iter()
                .any(|w| text::contains(norm, w, w.len() <= 3))
            && words_beside(
                &without_services(unlabelled),
                &[
                    STATUS_WORDS,
                    PROGRESS_WORDS,
                    &["en", "in", "estado", "状态"],
                    // Said again: "IP again", "Wieder IP", "De nuevo IP" (D291).
                    &["again", "wieder", "de", "nuevo", "otra", "vez"],
                    // Said by someone: "Kunde sagt, es ist in Bearbeitung" (set 424).
                    REPORTING,
                    &["que", "es", "esta"],
                    // On track: "On track.", "Im Plan.", "Según lo previsto." (D297).
                    &[
                        "on",
                        "track",
                        "im",
                        "plan",
                        "según",
                        "lo",
                        "previsto",
                        "按计划",
                        "进行",
                    ],
                ]
                .concat(),
            ) == 0;
        if short && !bare_progress {
            reasons.push(reason(ReasonCode::TooShort, None));
            // The competitor named is the reason, said in a word ("Using Zoom", "在用Zoom"):
            // marginal, where a status alone is poor (D103).
            // So is what makes a tenant invalid, said in two words ("Test tenant", "测试租户")
            // (D269), and a block's cause that is more than its kind ("Blocked – proxy")
            // (D274).
            let invalid_why = best == L1::DuplicateInvalid && specific && !bare;
            if (named || invalid_why || cause_in_a_word) && short_size >= 2 {
                marginal = true;
            } else {
                poor = true;
            }
        }
        // A note that only points elsewhere ("see above", "wie bei Exchange", "同上"): what
        // it points to is not in the reporting database. Without the reference, it is as
        // bare as a status alone.
        let reference = self
            .references
            .iter()
            // "的邮件" points elsewhere only after "见" ("见 Markus 的邮件"): "不回复我们的邮件"
            // is the silence itself.
            .filter(|(id, w)| hits.has(*id) && (*w != "的邮件" || norm.contains('见')))
            // A duplicate's "siehe anderen Tenant" names what the row repeats (D280).
            .filter(|(_, w)| *w != "siehe" || best != L1::DuplicateInvalid)
            .map(|(_, w)| w.to_string())
            .find(|found| {
                content(&without_links(&norm.replace(&text::fold(found), " "))) < 2
                    // The clause that points elsewhere says nothing of its own, whomever
                    // it names ("see mail thread w/ IT-L", "见与 IT 负责人的邮件往来") (D217).
                    // "找" (ask) alone is in too many words ("找到", found) to mark a clause.
                    || found.chars().count() > 1
                        && content(&without_links(&without_clause_of(raw, &text::fold(found))))
                            < 2
            });
        if let Some(found) = reference {
            reasons.push(reason(ReasonCode::Reference, Some(found)));
            poor = true;
        } else if bare && !bare_progress {
            reasons.push(reason(ReasonCode::BareStatus, Some(raw.trim().to_string())));
            poor = true;
        }
        // The seats a row holds are a figure of a new subscription only.
        let seats_are_size = best != L1::StatusUnknown;
        let numbers = norm
            .split(|c: char| !c.is_alphanumeric() || text::is_cjk(c))
            .any(|w| {
                w.chars().any(|c| c.is_ascii_digit())
                    && !is_product_name(w)
                    && !(seats_are_size
                        && counts_seats(
                            &norm[w.as_ptr() as usize - norm.as_ptr() as usize + w.len()..],
                        ))
                    || MONTHS.contains(&w)
            })
            || first_found(hits, &self.counts).is_some()
            // A count in words that names no number ("several", "mehrfach", "多次") is a
            // figure only beside the account's kind, as the guidance's great note has it
            // ("unresponsive to multiple contact attempts. Managed account."), or beside
            // the calls made as well as the mails (D148).
            || first_found(hits, &self.vague_counts).is_some()
                && first_found(hits, &self.count_details).is_some();
        // Waiting alone, in a few words and with no figure ("waiting on cust", "wartet auf
        // Rückmeldung"), says that nothing moves, not why.
        let waiting_is_no_cause = size < TERSE && !numbers;
        // Not being able to reach the customer or learn the intent is the status itself
        // ("Unable to gather intent from the customer"), not its why.
        // Nor is waiting for its reply ("seguimos esperando respuesta").
        let reply_awaited =
            best == L1::StatusUnknown && first_found(hits, &self.replies_awaited).is_some();
        // A contact still to make ("need to contact customer", "hay que contactar al
        // cliente", "需要联系客户") is the next step, not a cause: its "need" is none (D128).
        let contact_due = first_found(hits, &self.contacts_due);
        let inability = |w: &str| {
            best == L1::StatusUnknown && UNABLE.contains(&w)
                || reply_awaited && WAITING.contains(&w)
                // Within the phrase's words, as the note spells them: "muss" is in
                // "müssen Kunde kontaktieren" once the umlaut is folded.
                || contact_due
                    .as_deref()
                    .is_some_and(|c| text::contains(&text::fold(c), &text::fold(w), false))
        };
        let mut cause = self
            .causes
            .iter()
            .find(|(id, w)| {
                // Looked at only for the causes the note holds.
                let no_cause = || {
                    waiting_is_no_cause && WAITING.contains(w)
                        // Waiting for a fix or a decision is waiting, and not for what
                        // (D294, D295).
                        || WAITING.contains(w) && waits_for_nothing_named(norm)
                        || inability(w)
                        || so_far(norm, w)
                        || since_when(norm, w)
                        // A need asked about is no cause: "still deciding whether they
                        // need PBI", "aún decide si necesita PBI" (set 426).
                        || whether_needed(norm, w)
                        || names_a_field(raw, w)
                };
                hits.has(*id) && !no_cause()
            })
            .map(|(_, w)| w.to_string());
        // Causes in general words, listed or written as kinds joined by slashes.
        let vague_found = first_found(hits, &self.vague_reasons).or_else(|| slash_kinds(raw));
        // A cause that names only the kind of reason ("Blocked due to security concerns",
        // "Blockiert wegen Lizenzen"), in a short note with no figure: a reason in name only.
        // So is the kind waited for with no cause word ("Waiting for legal approval",
        // "Warten auf Freigabe durch die Rechtsabteilung") (D113).
        // General words of a cause ("aus internen Gründen") are graded below, once.
        // The services named count for nothing here ("OLM blocked by infrastructure issues
        // on the customer side").
        let unnamed =
            (!numbers && !named && !poor && (cause.is_some() || specific) && vague_found.is_none())
                .then(|| without_row_size(&without_services(norm)))
                .filter(|unnamed| in_words(text::units(unnamed)) <= 8);
        if let Some(unnamed) = unnamed {
            let spent: Vec<&str> = [cause.as_deref().unwrap_or("")]
                .into_iter()
                .chain(STATUS_WORDS.iter().copied())
                .chain(FILLERS.iter().copied())
                .chain(WAITING.iter().copied())
                .chain(CATEGORY_WORDS.iter().copied())
                .chain(SHORT_KINDS.iter().copied())
                .chain(WHOSE.iter().copied())
                .chain(LACKING.iter().copied())
                .chain(WORRY.iter().copied())
                .chain(FEEDBACK_AWAITED.iter().copied())
                .chain(DECIDERS.iter().copied())
                .chain(NO_ONE_DRIVING.iter().copied())
                // Only where the note says they are not ready: "Users need training
                // first" names what they lack.
                .chain(
                    if READY.iter().any(|w| unnamed.contains(w)) {
                        UNREADY
                    } else {
                        &[]
                    }
                    .iter()
                    .copied(),
                )
                .collect();
            // Some users, and not which: "users" alone may be what lacks something
            // ("Users need training first") (D295).
            let unnamed = SOME_OF_THEM.iter().fold(unnamed, |t, w| t.replace(w, " "));
            if words_beside(&unnamed, &spent) == 0 {
                let found = cause.take().unwrap_or_else(|| raw.trim().to_string());
                reasons.push(reason(ReasonCode::VagueReason, Some(found)));
                marginal = true;
            }
        }
        // A cause in general words, in a short note with no figure: a reason in name only.
        if let Some(found) =
            vague_found.filter(|_| !numbers && (size <= 12 || !specific || by_words))
        {
            let spent: Vec<&str> = [found.as_str(), cause.as_deref().unwrap_or("")]
                .into_iter()
                .chain(STATUS_WORDS.iter().copied())
                .chain(FILLERS.iter().copied())
                .collect();
            let left = words_beside(norm, &spent);
            // Whose the vague cause is, by its kind ("Blocked – partner is slow"), is a
            // reason in name only, as "Blocked due to security concerns" is (D296).
            let kind_named = || {
                let kinds: Vec<&str> = spent
                    .iter()
                    .copied()
                    .chain(CATEGORY_WORDS.iter().copied())
                    .collect();
                !found.contains('/') && words_beside(norm, &kinds) < left
            };
            let nothing_beside = left < 2 && !kind_named();
            reasons.push(reason(ReasonCode::VagueReason, Some(found)));
            if nothing_beside {
                poor = true;
            } else {
                marginal = true;
            }
            cause = None;
        }
        // An event waited for, in a short note with no figure: marginal, never more. An
        // approval followed by what it is about ("等法务批准数据驻留条款", "until legal
        // approves the residency clause") names its cause (D213).
        if let Some(found) = first_found(hits, &self.awaited)
            .filter(|w| !numbers && size <= 12 && !approval_of_what(norm, w))
        {
            reasons.push(reason(ReasonCode::VagueReason, Some(found)));
            marginal = true;
            cause = None;
        }
        // Not yet decided, still weighed, to be told later ("still evaluating", "prüft noch
        // intern", "nos avisará", "还在讨论"), with no cause and no competitor named: the
        // note says the customer has no answer yet, not why (D107).
        // So is a competitor not named ("uses another tool and is happy with it"): which
        // competitor is the reason, and the note does not say (D108).
        // One reason in general words is enough: "waiting until they sort things out" is
        // an event awaited, not also an answer still to come (set 444).
        let vague_already = reasons.iter().any(|r| r.code == ReasonCode::VagueReason);
        // New seats counted are why the intent is not known yet: that the customer has not
        // decided is no vaguer a reason beside them ("300 AIP seats added via CSP last week,
        // customer hasn't decided who owns labelling yet") (set 458).
        let seats_counted = best == L1::StatusUnknown && figures_beside_dates(norm, seats_are_size);
        if cause.is_none() && !named && !vague_already && !seats_counted {
            // "We will revisit at the QBR in February": when, not whether (D290).
            let found = first_found(hits, &self.undecided)
                .filter(|w| w != "will revisit" || !revisit_dated(norm))
                .or_else(|| first_found(hits, &self.weighing).filter(|_| !specific))
                .or_else(|| {
                    first_found(hits, &self.unnamed_rivals)
                        .filter(|w| best == L1::NoIntent && !refused(norm, w))
                });
            if let Some(found) = found {
                reasons.push(reason(ReasonCode::VagueReason, Some(found)));
                marginal = true;
            }
        }
        // The note's size without the services it names.
        let told = || in_words(text::units(&without_services(norm)));
        // A silence dated by a month named in words, and nothing counted ("No sign of life
        // since the October meeting"), says when it began, and no figure of it (set 422).
        let silence_dated_in_words = || {
            !norm.bytes().any(|b| b.is_ascii_digit())
                && first_found(hits, &self.counts).is_none()
                // The meeting it dates from; an event since which no one answers ("since
                // the project lead left in October") is why.
                && MEETINGS
                    .iter()
                    .any(|m| norm.contains(m) && dates_the_silence(norm, m))
        };
        // Work under way told by more than its kinds and that it goes on: "Edge rollout
        // ongoing, IE mode list in progress" names two pieces of work, and where neither
        // stands (D305).
        let beyond_progress = || {
            words_beside(
                &without_services(unlabelled),
                &[STATUS_WORDS, PROGRESS_WORDS, FILLERS].concat(),
            ) >= 4
        };
        // Progress in general words says where work under way stands; beside another status
        // it is another service's ("Teams läuft gut, aber für Yammer keine Absicht: …") (D213).
        let vague = !numbers
            && cause.is_none()
            && (best == L1::InProgress && first_found(hits, &self.vague).is_some()
                || contact_due.is_some());
        let vague_reason = reasons.iter().any(|r| r.code == ReasonCode::VagueReason);
        let has_reason = cause.is_some()
            || vague_reason
            // Work under way named by its kind, with no figure, needs more words to say
            // where it stands ("Despliegue de M365 Apps en curso" is as marginal as "M365
            // Apps deployment ongoing").
            // The service of new seats counts for nothing here: "new PBI licences, not
            // contacted yet" says no more than "new licences, not contacted yet" (D204).
            || (specific
                && size >= TERSE
                && (best != L1::StatusUnknown || told() >= TERSE)
                && !vague
                && (best != L1::InProgress || size >= WORK && beyond_progress()))
            // What was bought, named by its plan ("came with the E5 upgrade"), is the
            // detail of a new subscription; beside an owner still to find, no more than
            // "new licences" is (D203).
            || (best == L1::StatusUnknown
                && (numbers && !silence_dated_in_words()
                    || contact_due.is_none()
                        && without_row_size(norm).chars().any(|c| c.is_ascii_digit()))
                && size >= TERSE)
            // Attempts counted and the account's kind are what the guidance asks of a
            // silent customer, however few the words ("3 mails, no reply, unmanaged") (D233).
            || (best == L1::StatusUnknown
                && numbers
                && first_found(hits, &self.account_kinds).is_some()
                && size >= CONCRETE)
            || (best == L1::InProgress && numbers && figures_beside_dates(norm, seats_are_size) && size >= TERSE)
            // A duplicate or invalid tenant's why is what makes it so ("test tenant, no real
            // users", "测试租户，无实际用户"): the playbook's "say why".
            || (best == L1::DuplicateInvalid && specific && size >= 3)
            // A short note with a figure or the competitor's name beside its cause is
            // concrete ("Migrating mailboxes, 30% done", "Uses Gmail, no plans to move");
            // without ("Migration of mailboxes in progress", "uses a competitor") it names
            // the category only.
            || (specific && size >= CONCRETE && (figures_beside_dates(norm, seats_are_size) || named));
        // "Teams meetings", "Teams-Besprechungen", "reuniones de Teams": the product's
        // meetings are what the note is about, not the engagement's.
        let product_meetings = first_found(hits, &self.product_meetings).is_some();
        // A meeting named only as when details will come ("more details once we have the
        // next meeting", "下次开会后再补充细节") is details promised, not a meeting instead of
        // the intent (set 425).
        let details_later = first_found(hits, &self.details_later).is_some();
        if let Some(found) =
            first_found(hits, &self.logistics).filter(|_| !product_meetings && !details_later)
        {
            // A meeting's date says when it is, not how far the work has come.
            let figures = figures_beside_dates(norm, seats_are_size);
            // The intent the meeting is to learn is no reason beside it.
            let sought = first_found(hits, &self.intent_sought).is_some();
            let reason_beside_meeting = cause.is_some()
                || (specific
                    && !(by_words && matches!(best, L1::StatusUnknown | L1::InProgress))
                    && size >= TERSE
                    && !vague
                    && !sought)
                || (matches!(best, L1::StatusUnknown | L1::InProgress) && figures && size >= TERSE)
                // Meetings the customer let fall, counted ("cancelled the last two calls",
                // "取消了两次会议"), are the unresponsiveness itself.
                || (best == L1::StatusUnknown
                    && size >= TERSE
                    && (first_found(hits, &self.counts).is_some()
                        || first_found(hits, &self.vague_counts).is_some()));
            // A meeting held, with the work after it said ("Kickoff and assessment have
            // been completed; the customer is setting up enrollment profiles …"), is no
            // meeting instead of the intent (D129).
            // Its words alone do not say the work: the word model learns the meetings' own
            // words from the notes of logistics it is trained on (D274).
            let held = first_found(hits, &self.meetings_held).is_some()
                && specific
                && !by_words
                && size >= TERSE;
            // Work under way beside a meeting needs a figure, but not in a note that runs
            // too long: the guidance's long note buries its reason among its meetings and
            // is marginal, not poor.
            // A note long enough to tell the work itself (MEETING_AMONG words or more) names
            // its meetings among much else: without a figure it is marginal, not poor (D197).
            let work_untold = best == L1::InProgress && !figures && !too_long;
            // The meeting a silence dates from ("not responding since the kickoff", "seit
            // dem Kickoff keine Antwort", "自kickoff后就没回复") is when it began, not a
            // meeting instead of the intent: without the attempts counted, the silence is
            // said and its detail is not (D266).
            let silence_since = best == L1::StatusUnknown && dates_the_silence(norm, &found);
            // A first meeting not held yet ("no kickoff yet", "noch kein Kickoff", "还没开启动
            // 会") beside a new status is why the intent is unknown, not logistics instead
            // of it (D270).
            let not_held = best == L1::StatusUnknown && meeting_not_held(norm, &found);
            // So is the first meeting beside what was bought ("Intro call booked for 12/12 –
            // new Intune licences"): the engagement starts there, and the note says why the
            // intent is not known yet (D274).
            let first_meeting = best == L1::StatusUnknown
                && specific
                && !by_words
                && INTRODUCTIONS.contains(&found.as_str());
            if not_held || first_meeting {
                // Graded as if the note named no meeting.
            } else if silence_since && !reason_beside_meeting {
                if has_reason {
                    reasons.push(reason(ReasonCode::NoReason, None));
                }
                marginal = true;
            } else if (!reason_beside_meeting || work_untold) && !held {
                reasons.push(reason(ReasonCode::Logistics, Some(found)));
                if reason_beside_meeting && size >= MEETING_AMONG {
                    marginal = true;
                } else {
                    poor = true;
                }
            }
        }
        if !has_reason && !poor {
            reasons.push(reason(ReasonCode::NoReason, None));
            marginal = true;
        }
        // A hedge the note quotes is someone else's word, reported ("reached the architect
        // once, who said 'maybe next year'; 3 follow-ups, no answer") (D254): excused where
        // the quotes hold it and the rest of the note does not (a hedge the speller mended
        // outside the quotes is still the note's).
        let mut split: Option<(String, String)> = None;
        let mut said_by_the_note = |w: &str| {
            let (rest, quoted) = split.get_or_insert_with(|| {
                let (rest, quoted) = text::unquoted(raw);
                (text::normalize(&rest), text::normalize(&quoted))
            });
            let w = text::fold(w);
            !text::contains(quoted, &w, false) || text::contains(rest, &w, false)
        };
        if let Some(found) = self
            .hedges
            .iter()
            .find(|(id, w)| {
                hits.has(*id)
                    && !hedge_excused(norm, w)
                    && !measures_so_far(raw, w)
                    && said_by_the_note(w)
            })
            .map(|(_, w)| w.to_string())
        {
            reasons.push(reason(ReasonCode::Hedge, Some(found)));
            marginal = true;
        }
        if too_long {
            reasons.push(reason(ReasonCode::TooLong, None));
            marginal = true;
        }
        let level = if poor {
            Level::Poor
        } else if marginal {
            Level::Marginal
        } else {
            Level::Great
        };
        Grade { level, reasons }
    }
}

/// The message key of a reason, for the catalogues of `entrack_core::messages`.
pub fn message_key(code: ReasonCode) -> String {
    format!("suggest-{}", code.code())
}

/// The language a note is written in, as far as its words tell.
pub fn detect(note: &str) -> Lang {
    let norm = text::normalize(note);
    if norm.chars().any(text::is_cjk) {
        return Lang::Zh;
    }
    let score = |words: &[&str]| {
        words
            .iter()
            .filter(|w| text::contains(&norm, &text::fold(w), true))
            .count()
    };
    let de = score(&[
        "der", "die", "das", "und", "nicht", "ist", "mit", "kein", "keine", "für", "wird", "noch",
        "auf",
    ]);
    let es = score(&[
        "el", "la", "los", "las", "y", "que", "no", "con", "para", "por", "del", "una", "sin",
    ]);
    let en = score(&[
        "the", "and", "is", "not", "with", "for", "to", "of", "no", "has", "are", "will",
    ]);
    if de > en && de >= es {
        Lang::De
    } else if es > en && es > de {
        Lang::Es
    } else {
        Lang::En
    }
}

#[cfg(test)]
mod tests {
    use crate::{engine, Level, ReasonCode};
    use entrack_core::Service;

    fn grade(note: &str) -> (Level, Vec<ReasonCode>) {
        let s = engine().suggest(note, Service::resolve("teams"));
        (
            s.grade.level,
            s.grade.reasons.iter().map(|r| r.code).collect(),
        )
    }

    /// Each note, about `service`, is graded `level`.
    fn assert_level_for(notes: &[&str], service: &str, level: Level) {
        for note in notes {
            let s = engine().suggest(note, Service::resolve(service));
            assert_eq!(s.grade.level, level, "{note}");
        }
    }

    /// Each note is graded `level`, with `code` among its reasons.
    fn assert_graded_for(notes: &[&str], level: Level, code: ReasonCode) {
        for note in notes {
            let (got, reasons) = grade(note);
            assert_eq!(got, level, "{note}: {reasons:?}");
            assert!(reasons.contains(&code), "{note}: {reasons:?}");
        }
    }

    #[test]
    fn great_notes_state_intent_and_why_in_every_language() {
        for note in [
            "Blocked: works council has not approved Teams because call recording needs an agreement.",
            "Blockiert, weil der Betriebsrat die Aufzeichnung von Anrufen noch nicht freigegeben hat.",
            "Bloqueado porque el comité de empresa no ha aprobado la grabación de llamadas.",
            "受阻：工会尚未批准通话录音，需要先签署员工数据处理协议。",
        ] {
            assert_eq!(grade(note), (Level::Great, vec![]), "{note}");
        }
    }

    #[test]
    fn repeated_attempts_in_words_are_a_detail_in_every_language() {
        // "tried 4 times" is great for an unresponsive customer; so is saying it in words.
        for note in [
            "Tried the IT lead several times by mail and phone, no answer.",
            "IT-Leitung mehrfach per Mail und Telefon versucht, keine Antwort.",
            "Intentamos varias veces por correo y teléfono, sin respuesta.",
            "多次邮件和电话联系客户均无回应",
            "seit August dreimal angeschrieben und zweimal angerufen, keine Reaktion",
            "tres correos y dos llamadas desde agosto, ninguna respuesta",
        ] {
            assert_eq!(grade(note), (Level::Great, vec![]), "{note}");
        }
        // Without any detail the same status stays marginal.
        assert_eq!(grade("客户无回应，请跟进处理").0, Level::Marginal);
    }

    #[test]
    fn progress_in_general_words_is_marginal_in_every_language() {
        for note in [
            "Teams rollout going ok, more updates next month",
            "Rollout läuft soweit, Update folgt nächsten Monat",
            "el despliegue va bien, más novedades el mes que viene",
            "部署进展顺利，下月再更新",
        ] {
            assert_eq!(grade(note).0, Level::Marginal, "{note}");
        }
        // With a figure the same words are a report.
        assert_eq!(
            grade("Teams rollout going ok, 1200 of 3000 users live, wave 4 in Dec").0,
            Level::Great
        );
        // A German compound is as long as the words other languages write apart.
        for note in [
            "Mailbox migration running.",
            "Postfachmigration läuft.",
            "Migración de buzones en curso.",
        ] {
            assert_eq!(grade(note).0, Level::Marginal, "{note}");
        }
    }

    #[test]
    fn what_must_happen_first_is_a_reason() {
        for note in [
            "Blocked: AD has sync errors, the customer has to clean up accounts first.",
            "Blockiert: AD mit Sync-Fehlern, der Kunde muss zuerst Konten bereinigen.",
            "Bloqueado: AD local con errores de sincronización, el cliente tiene que limpiar cuentas antes.",
            "受阻：本地AD同步报错，客户必须先清理账号。",
        ] {
            assert_eq!(grade(note), (Level::Great, vec![]), "{note}");
        }
    }

    #[test]
    fn bare_status_words_are_poor_in_every_language() {
        for note in [
            "no intent",
            "Unresponsive.",
            "keine Absicht",
            "sin intención",
            "无意向",
            "Kunde meldet sich nicht",
            "sin intencion",
            "Blocked for now, details to follow",
            "Vorerst blockiert, Details folgen",
            "Bloqueado por ahora, más detalles después",
            "暂时受阻，详情后补",
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, Level::Poor, "{note}");
            assert!(
                reasons.contains(&ReasonCode::BareStatus),
                "{note}: {reasons:?}"
            );
        }
        assert_eq!(grade("   ").1, vec![ReasonCode::Empty]);
    }

    #[test]
    fn next_steps_left_open_and_a_bare_no_are_poor_in_every_language() {
        for note in [
            "Blocked, next steps TBD",
            "Blockiert, nächste Schritte offen",
            "Bloqueado, próximos pasos por definir",
            "受阻，下一步待定",
            "customer said no",
            "Kunde hat abgesagt",
            "el cliente dijo que no",
            "客户说不要",
            "blkd",
        ] {
            assert_eq!(grade(note).0, Level::Poor, "{note}");
        }
    }

    #[test]
    fn work_under_way_named_by_its_kind_is_marginal_whatever_the_service() {
        // The service's name says which workload, not where it stands.
        for note in [
            "Teams migration in progress",
            "Migración de Teams en curso",
            "Teams-Migration läuft",
            "Adopción de Teams en curso",
            "Teams采用进行中",
            "mig in prog",
            "Migr. läuft",
            "migr. en curso",
            // Reported, the status says no more.
            "customer says it's in progress",
            "el cliente dice que está en curso",
        ] {
            assert_eq!(grade(note).0, Level::Marginal, "{note}");
        }
    }

    #[test]
    fn a_plans_name_is_no_figure_of_progress() {
        // "M365" names the product; it says nothing of where the work stands.
        for note in [
            "M365 Apps deployment ongoing",
            "Despliegue de M365 Apps en curso",
            "M365 Apps部署进行中",
            "Deployment started",
            "Rollout gestartet",
            "Despliegue iniciado",
            "部署已启动",
        ] {
            assert_eq!(grade(note).0, Level::Marginal, "{note}");
        }
        // A figure of time is a figure ("ETA Q2"), and so is a count ("x3").
        assert_eq!(
            grade("SPO blkd - CA policy review by infosec, ETA Q2").0,
            Level::Great
        );
        // For a new subscription, what was bought is the detail.
        for note in [
            "AAD P2 came with the E5 upgrade last week, no conversation with cust yet",
            "上周随E5升级获得AAD P2，尚未与客户沟通",
        ] {
            assert_eq!(grade(note).0, Level::Great, "{note}");
        }
    }

    #[test]
    fn a_meeting_or_a_pointer_elsewhere_is_no_status_in_every_language() {
        for note in [
            "In progress, call with the customer on Tuesday",
            "In Bearbeitung, Call mit dem Kunden am Dienstag",
            "En curso, llamada con el cliente el martes",
            "进行中，周二与客户开会",
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, Level::Poor, "{note}");
            assert!(
                reasons.contains(&ReasonCode::Logistics),
                "{note}: {reasons:?}"
            );
        }
        for note in [
            "受阻——见邮件往来",
            "无意向，如之前所述",
            "Bloqueado – ver hilo de correo",
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, Level::Poor, "{note}");
            assert!(
                reasons.contains(&ReasonCode::Reference),
                "{note}: {reasons:?}"
            );
        }
        // Meetings the customer let fall, counted, are the unresponsiveness itself.
        assert_eq!(
            grade("客户取消了最近两次规划会议且没有改期，自10月中旬起再无回复").0,
            Level::Great
        );
    }

    #[test]
    fn long_notes_that_only_say_work_goes_on_are_marginal_in_every_language() {
        for note in [
            "Power BI is being deployed, the team is working on it and things are progressing, we will see how it goes in the next weeks and give an update then.",
            "Power BI wird gerade eingeführt, das Team arbeitet daran und es geht voran, wir schauen, wie es in den nächsten Wochen läuft, und geben dann ein Update.",
            "Power BI se está desplegando, el equipo trabaja en ello y avanza, veremos cómo va en las próximas semanas y daremos una actualización entonces.",
            "Power BI正在部署，团队在推进，进展还可以，接下来几周看看情况再更新。",
        ] {
            assert_eq!(grade(note).0, Level::Marginal, "{note}");
        }
    }

    #[test]
    fn everyday_words_are_graded_as_their_plain_forms_in_every_language() {
        for note in ["Nope, not happening", "Nö, wird nix", "Nada, no va", "没戏"] {
            assert_eq!(grade(note).0, Level::Poor, "{note}");
        }
        for note in [
            "Intune rollout getting there slowly",
            "Intune-Rollout kommt langsam voran",
            "El despliegue de Intune avanza poco a poco",
            "Intune推广在慢慢推进",
        ] {
            assert_eq!(grade(note).0, Level::Marginal, "{note}");
        }
        // Half is a share.
        assert_eq!(
            grade("Moving the file shares over bit by bit, about half done").0,
            Level::Great
        );
    }

    #[test]
    fn not_reaching_the_customer_is_the_status_not_its_reason() {
        // The guidance's template of Status Unknown, without attempts counted: marginal.
        for note in [
            "Unable to gather intent from the customer on this workload.",
            "无法了解客户对该工作负载的意向。",
        ] {
            assert_eq!(grade(note).0, Level::Marginal, "{note}");
        }
        // With the attempts counted it is great.
        assert_eq!(
            grade("Customer unresponsive to multiple contact attempts. Managed account.").0,
            Level::Great
        );
    }

    #[test]
    fn the_products_meetings_are_no_engagement_logistics() {
        for note in [
            "Braucht Einwahlnummern in Chile für Teams-Besprechungen, dort noch nicht angeboten",
            "Necesitan números de audioconferencia en Chile para las reuniones de Teams, todavía no se ofrecen allí",
        ] {
            assert_eq!(grade(note).0, Level::Great, "{note}");
        }
        // A meeting with the customer still is.
        assert!(grade("En curso, llamada con el cliente el martes")
            .1
            .contains(&ReasonCode::Logistics));
    }

    #[test]
    fn a_category_heading_with_nothing_after_it_is_bare() {
        for note in [
            "Blocker: TBD",
            "Blocker: offen",
            "Bloqueo: por definir",
            "阻碍：待定",
        ] {
            assert_eq!(grade(note).0, Level::Poor, "{note}");
        }
        assert_eq!(
            grade("Licensing: users have Exchange Online Kiosk instead of Plan 2, archive not possible").0,
            Level::Great
        );
    }

    #[test]
    fn a_pilot_named_alone_is_marginal_in_every_language() {
        for note in [
            "Intune pilot ongoing",
            "Intune-Pilot läuft",
            "Piloto de Intune en curso",
            "Intune试点进行中",
            "Pilot running.",
            "Piloto en marcha.",
        ] {
            assert_eq!(grade(note).0, Level::Marginal, "{note}");
        }
        // Two words of category alone are too short, as the specification's "vague
        // category words" are poor.
        for note in ["Licensing issue", "Lizenzproblem", "许可问题"] {
            assert_eq!(grade(note).0, Level::Poor, "{note}");
        }
    }

    #[test]
    fn guesses_and_hearsay_are_hedges_in_every_language() {
        for note in [
            "Customer might be moving to Google Workspace, not confirmed",
            "Scheint ein Netzwerkproblem an einigen Standorten zu sein, unklar",
            "Al parecer no hay presupuesto este año",
            "似乎是部分站点的网络问题，还不清楚",
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, Level::Marginal, "{note}");
            assert!(reasons.contains(&ReasonCode::Hedge), "{note}: {reasons:?}");
        }
        for note in [
            "No intent, I guess",
            "Keine Absicht, denke ich",
            "Sin intención, supongo",
            "大概没有意向吧",
        ] {
            assert_eq!(grade(note).0, Level::Poor, "{note}");
        }
        // An intent not yet confirmed is the state of a new subscription; "about half"
        // is a figure; "se creó" (was created) is no "creo" (I think).
        for note in [
            "suscripción nueva activada el 2/11, correo de bienvenida enviado, intención sin confirmar",
            "文件共享正一点点迁过去，大概完成一半了",
            "El tenant se creó por error al registrarse en una prueba; todos los usuarios reales están en el tenant contoso.com",
        ] {
            assert_eq!(grade(note).0, Level::Great, "{note}");
        }
    }

    #[test]
    fn hedges_are_marginal_in_every_language() {
        for (note, word) in [
            (
                "No intent for now, budget goes to the ERP project.",
                "for now",
            ),
            (
                "Vorerst keine Absicht, das Budget geht in das ERP-Projekt.",
                "vorerst",
            ),
            (
                "Sin intención por ahora, el presupuesto va al proyecto ERP.",
                "por ahora",
            ),
            ("暂时没有意向，预算用于ERP项目。", "暂时"),
        ] {
            let s = engine().suggest(note, None);
            assert_eq!(s.grade.level, Level::Marginal, "{note}");
            let hedge = s.grade.reasons.iter().find(|r| r.code == ReasonCode::Hedge);
            assert_eq!(hedge.and_then(|r| r.found.as_deref()), Some(word), "{note}");
        }
    }

    #[test]
    fn a_note_that_only_points_elsewhere_is_poor_in_every_language() {
        for (note, found) in [
            ("see above", "see above"),
            ("as discussed on the call", "as discussed on the call"),
            ("same as Exchange", "same as"),
            ("wie im Call besprochen", "wie im call besprochen"),
            ("wie bei Exchange", "wie bei"),
            (
                "según lo hablado en la llamada",
                "según lo hablado en la llamada",
            ),
            ("igual que Exchange", "igual que"),
            ("如电话中所讨论", "如电话中所讨论"),
            ("同上", "同上"),
        ] {
            let g = engine().suggest(note, None).grade;
            assert_eq!(g.level, Level::Poor, "{note}");
            let reference = g.reasons.iter().find(|r| r.code == ReasonCode::Reference);
            assert_eq!(
                reference.and_then(|r| r.found.as_deref()),
                Some(found),
                "{note}"
            );
        }
        // With what it is about beside it, a reference is no fault.
        let g = engine()
            .suggest(
                "as discussed, blocked until the proxy supports modern auth",
                None,
            )
            .grade;
        assert!(
            !g.reasons.iter().any(|r| r.code == ReasonCode::Reference),
            "{:?}",
            g.reasons
        );
        // Nothing new is nothing said.
        for note in [
            "still blocked, no change",
            "weiterhin blockiert, keine Änderung",
            "sigue bloqueado, sin cambios",
            "仍然受阻，没有变化",
        ] {
            assert_eq!(grade(note).0, Level::Poor, "{note}");
        }
    }

    #[test]
    fn a_status_with_only_a_hedge_beside_it_is_bare_in_every_language() {
        // domain.md 4.9: "can't deploy right now" is poor.
        for note in [
            "can't deploy right now",
            "Customer has no intent for now.",
            "blocked for now",
            "derzeit blockiert, Update folgt",
            "bloqueado por ahora",
            "暂时阻塞",
            // A pause is a status of its own, in every language.
            "on hold for now",
            "vorerst pausiert",
            "por ahora en pausa",
            "暂时搁置",
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, Level::Poor, "{note}");
            assert!(
                reasons.contains(&ReasonCode::BareStatus),
                "{note}: {reasons:?}"
            );
            assert!(reasons.contains(&ReasonCode::Hedge), "{note}: {reasons:?}");
        }
        // "on" is a status word beside "hold" only: "on-prem" keeps its word.
        assert_eq!(
            grade("Customer will not deploy due to specific infrastructure on-prem.").0,
            Level::Marginal
        );
        // A word of its own beside the hedge makes it marginal, not bare (the decision
        // waited for is named without its why).
        assert_eq!(
            grade("blocked for now, customer decision pending"),
            (
                Level::Marginal,
                vec![ReasonCode::VagueReason, ReasonCode::Hedge]
            )
        );
    }

    #[test]
    fn the_specifications_examples_get_its_grades() {
        // domain.md 4.9 and the playbook's notes guidance, situation by situation.
        let cases = [
            ("Customer unresponsive to 3 contact attempts. Managed customer.", Level::Great),
            ("Customer unresponsive to contact attempts.", Level::Marginal),
            ("Customer unresponsive.", Level::Poor),
            (
                "Due to a firewall not properly forwarding traffic, the customer will not deploy service because they are unable to connect to mailboxes.",
                Level::Great,
            ),
            ("Customer will not deploy due to specific infrastructure on-prem.", Level::Marginal),
            ("Customer cannot deploy right now.", Level::Poor),
            ("Customer cannot deploy Teams right now.", Level::Poor),
            ("Kunde kann Teams derzeit nicht ausrollen.", Level::Poor),
            ("El cliente no puede desplegar Teams ahora mismo.", Level::Poor),
            ("客户现在无法部署 Teams。", Level::Poor),
            ("In Progress.", Level::Marginal),
            ("in Arbeit", Level::Marginal),
            ("en progreso", Level::Marginal),
            ("进行中", Level::Marginal),
            ("deploying", Level::Marginal),
            ("Customer has no intent.", Level::Poor),
            (
                "Customer continuing the deployment process and currently working on remediation steps.",
                Level::Great,
            ),
            ("Currently blocked.", Level::Poor),
            ("Currently nothing planned because of budget.", Level::Marginal),
            ("Currently no intent because of budget.", Level::Marginal),
            ("Until the merger is complete, customer will not deploy.", Level::Marginal),
            ("Blockiert, bis die Fusion abgeschlossen ist.", Level::Marginal),
            ("Bloqueado hasta que termine la fusión.", Level::Marginal),
            ("在并购完成前受阻。", Level::Marginal),
            (
                "Customer does not intend to onboard workload due to an ongoing acquisition of another company that must be handled before any onboarding activities can occur.",
                Level::Great,
            ),
            ("客户无回应", Level::Poor),
            ("Cannot deploy because of cloud/data/legal issues.", Level::Poor),
        ];
        for (note, level) in cases {
            assert_eq!(grade(note).0, level, "{note}: {:?}", grade(note).1);
        }
        // A reason in general words, in every language.
        for note in [
            "Customer will not deploy due to specific infrastructure on-prem.",
            "Kann wegen technischer Probleme nicht ausgerollt werden.",
            "No se despliega por problemas técnicos.",
            "由于技术问题无法部署",
        ] {
            assert!(grade(note).1.contains(&ReasonCode::VagueReason), "{note}");
        }
        // Named concretely beside the general words, the cause is a reason.
        let (level, reasons) =
            grade("Blocked due to technical issues: the ADFS farm must be rebuilt before 2,000 users can sync");
        assert_eq!(level, Level::Great, "{reasons:?}");
    }

    #[test]
    fn a_word_of_one_language_is_not_read_as_another_languages_word() {
        // Spanish "cuando termine" (when it ends) is not German "Termine" (meetings).
        let s = engine().suggest(
            "La empresa incorporará SharePoint cuando termine la migración de Exchange en marzo; taller de arquitectura realizado",
            Service::resolve("sharepoint"),
        );
        assert!(
            !s.grade
                .reasons
                .iter()
                .any(|r| r.code == ReasonCode::Logistics),
            "{:?}",
            s.grade.reasons
        );
        // "到目前为止" is "so far", as "bisher" is: no hedge.
        let (level, reasons) =
            grade("9月租户新增了Project P3许可证；到目前为止客户没有人问起Project");
        assert_eq!(level, Level::Great, "{reasons:?}");
        assert!(grade("目前受阻，等待安全审批")
            .1
            .contains(&ReasonCode::Hedge));
    }

    #[test]
    fn the_specifications_examples_get_its_grades_in_every_language() {
        for (note, want) in [
            ("Customer has no intent for this workload, usage 0.0%.", Level::Poor),
            ("Kunde hat keine Absicht für diesen Workload, Nutzung 0,0 %.", Level::Poor),
            ("El cliente no tiene intención para esta carga de trabajo, uso 0,0 %.", Level::Poor),
            ("客户对该工作负载没有意向，使用率0.0%。", Level::Poor),
            ("Kann wegen Cloud-/Daten-/Rechtsthemen nicht bereitgestellt werden.", Level::Poor),
            ("No se puede desplegar por temas de nube/datos/legales.", Level::Poor),
            ("由于云/数据/法律问题无法部署。", Level::Poor),
            ("Kunde wird wegen spezieller lokaler Infrastruktur nicht bereitstellen.", Level::Marginal),
            ("El cliente no desplegará por una infraestructura local específica.", Level::Marginal),
            ("由于特定的本地基础设施，客户不会部署。", Level::Marginal),
            ("Kunde setzt die Bereitstellung fort und arbeitet derzeit an den Korrekturschritten.", Level::Great),
            ("El cliente continúa con el despliegue y actualmente trabaja en los pasos de corrección.", Level::Great),
            ("In Bearbeitung, Details nächste Woche", Level::Marginal),
            ("En curso, más detalles la semana que viene", Level::Marginal),
            ("进行中，下周提供更多细节", Level::Marginal),
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, want, "{note}: {reasons:?}");
        }
        // Usage with words is said, not a bare figure.
        assert_ne!(
            grade("No intent: usage is low because the works council forbids usage reports").0,
            Level::Poor
        );
    }

    #[test]
    fn a_short_note_with_a_figure_or_a_name_is_concrete_and_one_with_a_category_is_not() {
        for note in [
            "Migrating mailboxes, 30% done",
            "Postfächer werden migriert, 30 % erledigt",
            "Migrando buzones, 30 % hecho",
            "Uses Gmail, no plans to move",
            "Nutzt Gmail, kein Umstieg geplant",
            "用Gmail，没有迁移计划",
        ] {
            let s = engine().suggest(note, Service::resolve("exchange"));
            assert_eq!(s.grade.level, Level::Great, "{note}: {:?}", s.grade.reasons);
        }
        for note in [
            "Migration of mailboxes in progress.",
            "Migración de buzones en curso.",
            "Cust uses a competitor",
            "Kunde nutzt ein Konkurrenzprodukt",
        ] {
            let s = engine().suggest(note, Service::resolve("exchange"));
            assert_eq!(
                s.grade.level,
                Level::Marginal,
                "{note}: {:?}",
                s.grade.reasons
            );
        }
    }

    #[test]
    fn the_guidance_situations_retold_grade_alike_in_every_language() {
        for (note, level) in [
            ("Ahora mismo no se puede desplegar.", Level::Poor),
            ("现在没法部署。", Level::Poor),
            ("sin intención para esta carga, uso 0,0 %", Level::Poor),
            ("Blocked by on-prem infrastructure.", Level::Marginal),
            ("Bloqueado por la infraestructura local.", Level::Marginal),
            ("Blockiert durch die lokale Infrastruktur.", Level::Marginal),
            ("被本地基础设施阻塞。", Level::Marginal),
            (
                "Kein Rollout bis die Übernahme abgeschlossen ist.",
                Level::Marginal,
            ),
            (
                "No desplegarán hasta que se cierre la adquisición.",
                Level::Marginal,
            ),
            ("收购完成前不会部署。", Level::Marginal),
        ] {
            assert_eq!(grade(note).0, level, "{note}");
        }
    }

    #[test]
    fn attempts_counted_in_chinese_numerals_are_counted() {
        for note in [
            "一月以来五次联系均无回复。托管客户。",
            "四次联系客户无回应，托管客户",
        ] {
            assert_eq!(grade(note).0, Level::Great, "{note}");
        }
    }

    #[test]
    fn a_view_reported_is_no_hedge_of_the_writer() {
        assert_eq!(
            grade("El partner presupuestó 40 días para la migración; al cliente le parece caro y está renegociando el SOW con ellos.").0,
            Level::Great
        );
        assert_eq!(
            grade("Parece que el cliente no tiene presupuesto para la migración este año.").0,
            Level::Marginal
        );
    }

    #[test]
    fn waiting_to_see_is_marginal_and_a_reason_by_category_alone_is_poor() {
        // Waiting for an event or a decision names no cause: marginal, never more.
        for note in [
            "Customer wants to wait and see.",
            "Kunde will abwarten.",
            "El cliente quiere esperar a ver.",
            "客户想观望。",
            "Waiting for customer decision on the migration.",
            "Warten auf Entscheidung des Kunden zur Migration.",
            "Esperando la decisión del cliente sobre la migración.",
            "Blocked until the merger completes",
            "Blockiert bis zur Fusion",
            "Bloqueado hasta la fusión",
            "在合并完成前受阻",
        ] {
            assert_eq!(grade(note).0, Level::Marginal, "{note}");
        }
        // "business reasons" is a category, not a reason: with nothing else, poor.
        for note in [
            "Customer has no intent because of business reasons.",
            "Blockiert aus internen Gründen.",
            "El cliente no tiene intención por motivos de negocio.",
            "客户出于业务原因没有意向。",
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, Level::Poor, "{note}");
            assert!(reasons.contains(&ReasonCode::VagueReason), "{note}");
        }
    }

    #[test]
    fn a_meeting_with_its_date_is_still_logistics() {
        for note in [
            "Workshop with customer on 12/3 to discuss next steps",
            "Workshop mit Kunde am 12.3. zur Abstimmung der nächsten Schritte",
            "Taller con el cliente el 12/3 para ver próximos pasos",
            "3月12日与客户开工作坊讨论下一步",
            "kickoff call booked for the 14th",
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, Level::Poor, "{note}: {reasons:?}");
            assert!(
                reasons.contains(&ReasonCode::Logistics),
                "{note}: {reasons:?}"
            );
        }
        assert!(super::figures_beside_dates(
            "400/2000 devices enrolled",
            true
        ));
        assert!(super::figures_beside_dates("wave 2 of 5 on 12/3", true));
        assert!(!super::figures_beside_dates(
            "call on the 1st and the 23rd",
            true
        ));
        assert!(super::figures_beside_dates("4th wave of 250 users", true));
        assert!(!super::figures_beside_dates(
            "call on 12/3 at 10:30, review 2027-01-15",
            true
        ));
        assert!(!super::figures_beside_dates("3月12日下午2点开会", true));
    }

    #[test]
    fn a_word_that_only_begins_like_a_meeting_is_not_logistics() {
        // "terminada" (finished) begins like "Termin" (appointment).
        for note in [
            "Migrando unidades personales a OneDrive, primera ola terminada, la segunda en marzo",
            "Despliegue terminado en 3 de 5 sedes, el resto en abril",
        ] {
            let (_, reasons) = grade(note);
            assert!(
                !reasons.contains(&ReasonCode::Logistics),
                "{note}: {reasons:?}"
            );
        }
        for note in [
            "Termin mit dem Kunden nächste Woche",
            "Termine für die Workshops stehen noch aus",
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, Level::Poor, "{note}");
            assert!(
                reasons.contains(&ReasonCode::Logistics),
                "{note}: {reasons:?}"
            );
        }
    }

    #[test]
    fn logistics_instead_of_intent_are_poor_in_every_language() {
        for note in [
            "Kickoff meeting scheduled for next Tuesday with the project team.",
            "Kickoff-Termin nächste Woche mit dem Projektteam vereinbart.",
            "Reunión de kickoff programada para el martes con el equipo.",
            "下周二与项目组召开启动会。",
            "下周安排会议讨论工作坊",
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, Level::Poor, "{note}");
            assert!(
                reasons.contains(&ReasonCode::Logistics),
                "{note}: {reasons:?}"
            );
        }
        // Training arranged for three departments is progress, not a meeting being set.
        let (level, reasons) =
            grade("技术部署完成，正在推动使用：已启动推广大使计划，三个部门安排了培训");
        assert_eq!(level, Level::Great, "{reasons:?}");
    }

    #[test]
    fn a_note_without_a_reason_is_marginal_and_a_buried_one_too_long() {
        let (level, reasons) =
            grade("The customer said they will look at it again later this year.");
        assert_eq!(level, Level::Marginal);
        assert!(reasons.contains(&ReasonCode::NoReason), "{reasons:?}");
        let long = "Blocked because the firewall drops traffic. ".repeat(12);
        let (level, reasons) = grade(&long);
        assert_eq!(level, Level::Marginal);
        assert!(reasons.contains(&ReasonCode::TooLong), "{reasons:?}");
    }

    #[test]
    fn a_category_with_its_articles_is_as_short_as_without() {
        for note in ["Problema de licencias", "Licensing issue", "Lizenzproblem"] {
            assert_eq!(grade(note).0, Level::Poor, "{note}");
        }
        assert_eq!(grade("Uses a competitor").0, Level::Marginal);
    }

    #[test]
    fn a_reorganisation_waited_for_is_a_reason_in_name_only() {
        for note in [
            "Blocked until the reorganisation is done.",
            "Blockiert, bis die Umstrukturierung abgeschlossen ist.",
            "Bloqueado hasta que termine la reorganización.",
            "在重组完成前处于阻塞状态。",
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, Level::Marginal, "{note}");
            assert!(
                reasons.contains(&ReasonCode::VagueReason),
                "{note}: {reasons:?}"
            );
        }
    }

    #[test]
    fn the_phase_work_is_at_now_is_no_hedge_in_chinese() {
        assert_eq!(
            grade("迁移进行中，目前在第3/5批（人事和财务站点），第4批1月20日开始。").0,
            Level::Great
        );
        assert_eq!(grade("目前受阻，之后更新").0, Level::Poor);
        // What the product cannot do today is a fact, not a hedge.
        assert_eq!(
            grade("交易室需要按频道保留和聊天信息隔离，Teams目前做不到，在等路线图上的功能。").0,
            Level::Great
        );
    }

    #[test]
    fn work_that_waits_for_another_workload_to_be_done_is_no_dismissal() {
        // "is done" at a clause's end says all is well, but not after "once".
        assert_eq!(
            grade("Delivery FM confirmed: customer will deploy Teams with their FRP (Bechtle) once Exchange is done, est. March.").0,
            Level::Great
        );
    }

    #[test]
    fn a_figure_measured_now_is_no_hedge_in_chinese() {
        for note in [
            "Yammer已对全员开通，无需迁移；目前活跃约6%，传播团队在策划社区上线。",
            "Teams已上线，没有数据要迁移；目前活跃使用7%，1月起开展部门推广大使活动。",
        ] {
            assert_eq!(grade(note).0, Level::Great, "{note}");
        }
    }

    #[test]
    fn priorities_named_and_not_what_takes_them_are_a_reason_in_name_only() {
        for note in [
            "On hold due to internal priorities.",
            "Wegen interner Prioritäten zurückgestellt.",
            "En espera por prioridades internas.",
            "因内部优先级调整而搁置。",
        ] {
            assert_eq!(grade(note).0, Level::Marginal, "{note}");
        }
    }

    #[test]
    fn a_busy_customer_is_a_reason_in_name_only_in_every_language() {
        // Busy, and not with what: more than the status alone, less than its why.
        for note in [
            "On hold - customer busy.",
            "Pausiert - Kunde hat zu viel zu tun.",
            "En pausa, el cliente está liado.",
            "暂停，客户太忙。",
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, Level::Marginal, "{note}");
            assert!(reasons.contains(&ReasonCode::VagueReason), "{note}");
        }
        // Busy with what, and until when, is the reason.
        assert_eq!(
            grade("On hold: their only admin is busy with the SAP cutover until end of March.").0,
            Level::Great
        );
    }

    #[test]
    fn a_reply_waited_for_is_the_silence_not_its_reason_in_every_language() {
        for note in [
            "Reached out again, still waiting for a reply, will try again next week.",
            "Nochmals angeschrieben, warten weiter auf Rückmeldung, nächste Woche erneuter Versuch.",
            "Volví a escribirles, seguimos esperando respuesta, lo intento de nuevo la próxima semana.",
            "又联系了一次，还在等他们回复，下周再试。",
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, Level::Marginal, "{note}");
            assert!(reasons.contains(&ReasonCode::NoReason), "{note}");
        }
        // What else is waited for can be the reason.
        assert_eq!(
            grade("Esperando a que nombren al nuevo responsable de TI tras la reorganización de noviembre; retomamos en enero.").0,
            Level::Great
        );
    }

    #[test]
    fn no_decision_yet_is_no_reason_in_every_language() {
        for note in [
            "Still discussing with the customer, no decision yet on when the migration will start.",
            "Der Kunde prüft noch intern, wie es mit Teams weitergehen soll, und meldet sich danach.",
            "El cliente todavía no ha decidido cómo seguir con Teams y nos avisará más adelante.",
            "客户还没决定Teams下一步怎么做，决定后会通知我们。",
            "Customer indicated the project will continue at a later stage once they have finished some other internal activities.",
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, Level::Marginal, "{note}");
            assert!(reasons.contains(&ReasonCode::VagueReason), "{note}");
        }
        // Not getting in touch is the silence itself, counted: a reason.
        assert_eq!(
            grade(
                "Kd. nicht erreichbar, 4 Mails + 2 Anrufe seit Jan., IT-Leiter meldet sich nicht"
            )
            .0,
            Level::Great
        );
    }

    #[test]
    fn weighing_options_beside_a_reason_is_still_the_reason() {
        let s = crate::engine().suggest(
            "CISO wants BYOK before any mail goes to cloud, evaluating key mgmt options",
            entrack_core::Service::resolve("exchange"),
        );
        assert_eq!(s.grade.level, Level::Great);
        let s = crate::engine().suggest(
            "The customer is evaluating whether to continue.",
            entrack_core::Service::resolve("exchange"),
        );
        assert_eq!(s.grade.level, Level::Marginal);
    }

    #[test]
    fn the_guidances_marginal_and_poor_shapes_in_fm_words() {
        // An end not named, the cloud feared, a call booked.
        for (note, level) in [
            ("Migration paused until further notice.", Level::Marginal),
            ("Migration bis auf Weiteres pausiert.", Level::Marginal),
            ("Migración en pausa hasta nuevo aviso.", Level::Marginal),
            ("迁移暂停，等待进一步通知。", Level::Marginal),
            ("Customer has concerns about the cloud.", Level::Poor),
            ("Kunde hat Bedenken wegen der Cloud.", Level::Poor),
            ("El cliente tiene dudas sobre la nube.", Level::Poor),
            ("客户对云有顾虑。", Level::Poor),
            ("已约客户下周通话讨论。", Level::Poor),
        ] {
            assert_eq!(grade(note).0, level, "{note}");
        }
        // What the product cannot do today is no hedge, its verb written with its umlaut.
        let (_, reasons) = grade("Teams unterstützt das aktuell nicht, Roadmap-Eintrag für Q3.");
        assert!(!reasons.contains(&ReasonCode::Hedge));
        // What the product cannot do today is no hedge.
        let (_, reasons) = grade(
            "Kunde braucht Verschlüsselung für externe Gmail-Empfänger, das kann AIP aktuell nicht",
        );
        assert!(!reasons.contains(&ReasonCode::Hedge));
    }

    #[test]
    fn a_cause_that_names_only_the_kind_of_reason_is_marginal_in_every_language() {
        for note in [
            "Blocked due to security concerns.",
            "Blocked because of licensing.",
            "Blockiert wegen Sicherheitsbedenken.",
            "Blockiert wegen Lizenzen.",
            "Bloqueado por temas de seguridad.",
            "因安全顾虑受阻。",
        ] {
            assert_eq!(grade(note).0, Level::Marginal, "{note}");
        }
        // Work to do first, and not which.
        assert_eq!(
            grade("Some infrastructure work needed first.").0,
            Level::Marginal
        );
        assert_eq!(grade("需要先做一些基础设施工作。").0, Level::Marginal);
        // A review, an approval or resources, lacking or waited for, and no more (D113).
        for note in [
            "On hold due to security review.",
            "Blocked due to lack of resources.",
            "Blockiert wegen fehlender Ressourcen.",
            "Warten auf Freigabe durch die Rechtsabteilung.",
            "Partner is slow, nothing happened this month.",
        ] {
            assert_eq!(grade(note).0, Level::Marginal, "{note}");
        }
        // "at this time" hedges a bare status: poor.
        assert_eq!(
            grade("Customer not interested at this time.").0,
            Level::Poor
        );
        // What the concern is about is the reason.
        assert_eq!(
            grade("Blocked due to security concerns about data stored in the US; CISO review of the DPA ends 20 Jan.").0,
            Level::Great
        );
        assert_eq!(
            grade("Blocked because the firewall drops Teams media traffic.").0,
            Level::Great
        );
    }

    #[test]
    fn a_competitor_not_named_is_the_category_only() {
        for note in [
            "Customer uses another tool for document management and is happy with it.",
            "Kunde nutzt ein anderes Tool für die Dokumentenverwaltung und ist zufrieden.",
            "El cliente usa otra herramienta para la gestión documental y está contento.",
            "客户用的是别的文档管理工具，用得挺满意。",
        ] {
            let s = crate::engine().suggest(note, entrack_core::Service::resolve("sharepoint"));
            assert_eq!(s.grade.level, Level::Marginal, "{note}");
        }
        let s = crate::engine().suggest(
            "Customer uses Box for document management and is happy with it, renewed to 2027.",
            entrack_core::Service::resolve("sharepoint"),
        );
        assert_eq!(s.grade.level, Level::Great);
    }

    #[test]
    fn aktuell_hedges_as_derzeit_does() {
        assert_eq!(
            grade("No Intent, aktuell kein Business Case.").0,
            Level::Marginal
        );
        // The current mail is no hedge; work under way now is none either.
        let (_, reasons) = grade("Die aktuelle Mail funktioniert, kein Grund für EXO laut GF.");
        assert!(!reasons.contains(&ReasonCode::Hedge));
        let (_, reasons) =
            grade("Kunde arbeitet aktuell an der Bereinigung der UPNs, 300 von 900 erledigt.");
        assert!(!reasons.contains(&ReasonCode::Hedge));
    }

    #[test]
    fn atm_is_a_hedge_as_at_the_moment_is() {
        let (level, reasons) = grade("No biz driver for PBI atm.");
        assert_eq!(level, Level::Marginal);
        assert!(reasons.contains(&ReasonCode::Hedge));
        // Only the whole word: an ATM is a cash machine in a bank's note.
        let (_, reasons) = grade("Branch ATMs run Windows 10 IoT and stay out of scope; the 2,000 office PCs move to Windows 11 by March.");
        assert!(!reasons.contains(&ReasonCode::Hedge));
    }

    #[test]
    fn a_competitor_named_in_a_word_is_marginal_not_poor() {
        // grade() here reads no competitor; the engine does.
        for note in ["Using Zoom.", "Nutzt Zoom.", "Usan Zoom.", "在用Zoom。"] {
            let s = crate::engine().suggest(note, entrack_core::Service::resolve("teams"));
            assert_eq!(s.grade.level, Level::Marginal, "{note}");
            assert!(
                s.grade
                    .reasons
                    .iter()
                    .any(|r| r.code == ReasonCode::TooShort),
                "{note}"
            );
        }
        // A status alone is still poor.
        let s = crate::engine().suggest("No intent.", entrack_core::Service::resolve("teams"));
        assert_eq!(s.grade.level, Level::Poor);
    }

    #[test]
    fn no_interest_alone_is_a_bare_status_in_every_language() {
        for note in [
            "Customer not interested.",
            "Kunde hat kein Interesse.",
            "El cliente no está interesado.",
            "el cliente no tiene interés de momento",
            "客户目前没兴趣",
        ] {
            assert_eq!(grade(note).0, Level::Poor, "{note}");
        }
        assert_eq!(
            grade("上线进行中，目前处于Enable阶段：KFM策略已对2000人中的300人生效，下一批财务部1月12日。").0,
            Level::Great
        );
    }

    #[test]
    fn articles_do_not_make_a_note_longer_in_one_language_than_another() {
        // The same note, graded alike: "el", "la", "de" carry nothing (D115).
        for note in [
            "Security team has concerns.",
            "El equipo de seguridad tiene reservas.",
            "Customer prefers Gmail.",
            "El cliente prefiere Gmail.",
        ] {
            let s = engine().suggest(note, Service::resolve("exchange"));
            assert_eq!(s.grade.level, Level::Marginal, "{note}");
        }
        // Length is still read as written: a long Spanish note buries its point.
        let long = "Hoy tuvimos otra llamada con el cliente y nos explicó que el proyecto de SharePoint sigue en pausa porque el equipo de intranet está ahora totalmente absorbido por el despliegue del nuevo portal de RR. HH., que es prioritario para la dirección, y las dos personas que harían la migración son las mismas, así que esperan liberarlas en algún momento después de Semana Santa, pero todavía no hay nada confirmado y nos avisarán cuando tengan más claridad sobre su situación de recursos.";
        assert!(grade(long).1.contains(&ReasonCode::TooLong));
    }

    #[test]
    fn no_need_alone_names_the_kind_of_no_intent_not_its_why() {
        for note in [
            "Customer sees no need for Yammer.",
            "Kunde sieht keinen Bedarf für Yammer.",
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, Level::Marginal, "{note}");
            assert!(reasons.contains(&ReasonCode::VagueReason), "{note}");
        }
        assert_eq!(
            grade("No need for Yammer: Viva Engage is licensed but Teams communities already cover all 900 staff.").0,
            Level::Great
        );
    }

    #[test]
    fn onboarding_said_to_go_on_is_in_progress_alone() {
        // The guidance's "In Progress." is marginal; so is the kind of work named, and no more.
        for note in [
            "Onboarding ongoing.",
            "Onboarding läuft.",
            "Onboarding en curso.",
            "处理中。",
        ] {
            assert_eq!(grade(note).0, Level::Marginal, "{note}");
        }
    }

    #[test]
    fn a_duplicate_says_which_or_is_bare() {
        for note in [
            "Duplicate, see other row.",
            "Dublette, siehe andere Zeile.",
            "Duplicado, ver la otra fila.",
            "重复，见另一行。",
            "Derecho no válido.",
        ] {
            let s = engine().suggest(note, Service::resolve("intune"));
            assert_eq!(s.grade.level, Level::Poor, "{note}");
        }
        for note in [
            "Duplicado del tenant de contoso",
            "Duplicate of the contoso tenant",
        ] {
            let s = engine().suggest(note, Service::resolve("exchange"));
            assert_eq!(s.grade.level, Level::Great, "{note}");
        }
    }

    #[test]
    fn a_meeting_to_learn_the_intent_is_logistics() {
        // The guidance's note of the wrong type, in three languages.
        for note in [
            "Scheduling kickoff meeting to gather intent of workload.",
            "Kickoff-Termin wird geplant, um die Absicht für den Workload zu erfragen.",
            "Programando la reunión de kickoff para conocer la intención sobre la carga.",
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, Level::Poor, "{note}");
            assert!(reasons.contains(&ReasonCode::Logistics), "{note}");
        }
    }

    #[test]
    fn another_projects_go_live_waited_for_is_marginal() {
        for note in [
            "Until the ERP go-live is over, customer will not migrate mail.",
            "Bis zum ERP-Go-live migriert der Kunde keine Mails.",
            "Hasta que pase la puesta en marcha del ERP, el cliente no migrará el correo.",
            "在ERP上线之前，客户不会迁移邮件。",
        ] {
            let s = engine().suggest(note, Service::resolve("exchange"));
            assert_eq!(s.grade.level, Level::Marginal, "{note}");
            assert_eq!(
                s.proposals[0].l2.map(|x| x.code()),
                Some("it-change-management-resourcing"),
                "{note}"
            );
        }
    }

    #[test]
    fn features_missing_and_not_which_is_a_reason_in_name_only() {
        for note in [
            "Blocked due to missing features.",
            "Blockiert wegen fehlender Funktionen.",
            "AADP blockiert – Funktionslücke",
            "AADP blocked - feature gap",
            "Kunde blockiert – Sicherheitsbedenken",
            "Customer blocked - security concerns",
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, Level::Marginal, "{note}");
            assert!(reasons.contains(&ReasonCode::VagueReason), "{note}");
        }
    }

    #[test]
    fn whose_problem_and_which_service_say_nothing_of_the_reason() {
        for note in [
            "OLM blocked by infrastructure issues on the customer side",
            "OLM blockiert durch Infrastrukturprobleme beim Kunden",
            "OLM bloqueado por problemas de infraestructura del cliente",
            "OLM受阻，客户侧基础设施有问题",
            "Win10因为预算受阻",
            "Win10 blocked because of budget",
            "M365 Apps blockiert, Probleme mit Add-ins",
            "M365 Apps bloqueado, problemas con complementos",
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, Level::Marginal, "{note}");
            assert!(
                reasons.contains(&ReasonCode::VagueReason),
                "{note}: {reasons:?}"
            );
        }
        // Still concrete where it says what: the firewall, the budget's year.
        assert_eq!(
            grade("OLM blocked: the customer's firewall drops the sync traffic, fix planned for March").0,
            Level::Great
        );
        // The German word for what migrates is a migration under way, as "Migration läuft".
        assert_eq!(grade("Mailmigration läuft").0, Level::Marginal);
    }

    #[test]
    fn a_contact_still_to_make_is_no_cause() {
        for note in [
            "new licences, need to contact customer",
            "neue Lizenzen, Kunde muss kontaktiert werden",
            "licencias nuevas, hay que contactar al cliente",
            "新许可，需要联系客户",
        ] {
            let s = engine().suggest(note, Service::resolve("officeproplus"));
            assert_eq!(s.grade.level, Level::Marginal, "{note}");
        }
        // What was bought and when is the detail the row needs.
        let s = engine().suggest(
            "EMS E3 SKU added via CSP on 10/30, need to contact the customer's IT lead",
            Service::resolve("intune"),
        );
        assert_eq!(s.grade.level, Level::Great);
    }

    #[test]
    fn a_meeting_held_with_the_work_after_it_is_no_logistics() {
        for note in [
            "Kickoff and assessment have been completed; the customer is setting up enrollment profiles and compliance policies and expects the workload to be usable by end of January.",
            "Kickoff und Assessment sind abgeschlossen; der Kunde richtet Registrierungsprofile und Compliance-Richtlinien ein und erwartet, dass der Workload Ende Januar nutzbar ist.",
            "El kickoff y la evaluación se han completado; el cliente está configurando perfiles de inscripción y directivas de cumplimiento y espera que la carga de trabajo sea utilizable a finales de enero.",
            "启动会和评估已完成；客户正在配置注册配置文件和合规策略，预计1月底可用。",
            // Written short, without an auxiliary (D249).
            "Kickoff and initiate meetings held, assessment done; customer deploys Intune with their FastTrack partner, enrolment profiles being built",
            "Kickoff und Initiate-Meetings gehalten, Assessment abgeschlossen; Kunde führt Intune mit seinem FastTrack-Partner ein, Enrollment-Profile werden gebaut",
            "Kickoff y reuniones de inicio hechas, evaluación completada; el cliente despliega Intune con su partner FastTrack, se están creando los perfiles de inscripción",
        ] {
            let s = engine().suggest(note, Service::resolve("intune"));
            assert_eq!(s.grade.level, Level::Great, "{note}");
        }
        // A meeting to come is still logistics.
        let (level, reasons) =
            grade("Kickoff scheduled for next Tuesday with the customer's IT team.");
        assert_eq!(level, Level::Poor);
        assert!(reasons.contains(&ReasonCode::Logistics));
    }

    #[test]
    fn work_at_its_own_pace_says_no_more_than_under_way() {
        assert_level_for(
            &[
                "Going slowly, customer at their own pace",
                "Geht langsam voran, Kunde in seinem eigenen Tempo",
                "Va lento, el cliente a su ritmo",
                "进展慢，客户按自己的节奏来",
            ],
            "windows-10",
            Level::Marginal,
        );
    }

    #[test]
    fn a_chinese_word_of_two_characters_beside_the_status_is_one_word() {
        assert_graded_for(
            &[
                "Teams受阻，网络",
                "Teams blocked, network",
                "Teams blockiert, Netzwerk",
            ],
            Level::Poor,
            ReasonCode::BareStatus,
        );
        // Work under way said in two words stays marginal, as "In Progress." is.
        assert_eq!(grade("部署进行中").0, Level::Marginal);
    }

    #[test]
    fn two_words_joined_by_a_hyphen_count_as_two() {
        assert_level_for(
            &[
                "MFA-Rollout läuft",
                "MFA rollout in progress",
                "Despliegue de MFA en curso",
            ],
            "aadp",
            Level::Marginal,
        );
    }

    #[test]
    fn only_a_preview_today_is_no_hedge() {
        let (_, reasons) = grade(
            "在等他们需要的Teams功能正式发布（目前只有公共预览版），客户不会给8000名用户推预览功能；正式发布时再看，预计Q2",
        );
        assert!(!reasons.contains(&ReasonCode::Hedge), "{reasons:?}");
    }

    #[test]
    fn grades_at_their_borders_in_every_language() {
        // A kind and where it is, and no more, is a reason in name only (D143).
        for note in [
            "Blocked due to network issues on-prem.",
            "Blockiert wegen Netzwerkproblemen vor Ort.",
            "Bloqueado por problemas de red locales.",
            "因本地网络问题受阻。",
            // The merger awaited, and nothing of what it holds up or when.
            "Waiting for the merger to close before any deployment.",
            "Se espera al cierre de la fusión antes de cualquier despliegue.",
        ] {
            assert_eq!(grade(note).0, Level::Marginal, "{note}");
        }
        // A month named is a date, as a figure is.
        assert_eq!(
            grade("Waiting for the merger to close (expected June) before any SPO work starts").0,
            Level::Great
        );
        // Kinds joined by a slash and nothing else are poor, with a filler word too.
        assert_graded_for(
            &[
                "Blockiert - Recht/Security-Themen",
                "受阻 - 法律/安全方面的事",
            ],
            Level::Poor,
            ReasonCode::VagueReason,
        );
        // The last note pointed to is not in the reporting database.
        assert_graded_for(
            &[
                "In progress, see last note.",
                "In Arbeit, siehe letzte Notiz.",
                "En curso, ver nota anterior.",
                "进行中，见上一条备注。",
            ],
            Level::Poor,
            ReasonCode::Reference,
        );
    }

    #[test]
    fn a_count_that_names_no_number_needs_the_accounts_kind() {
        // "Several" is the guidance's marginal "contact attempts" (D148).
        for note in [
            "Wrote to the customer several times, no answer to date.",
            "Kunde mehrfach angeschrieben, bis dato keine Rückmeldung.",
            "Se le ha escrito varias veces al cliente, sin respuesta a la fecha.",
            "已多次给客户写信，至今没有回复。",
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, Level::Marginal, "{note}: {reasons:?}");
        }
        // With the account's kind, it is the guidance's great note; so is a number.
        for note in [
            "Customer unresponsive to multiple contact attempts. Managed account.",
            "Kunde reagiert nicht auf mehrere Kontaktversuche. Gemanagter Account.",
            "El cliente no responde a varios intentos de contacto. Cuenta gestionada.",
            "客户对多次联系均无回应。托管客户。",
            "Wrote to the customer 3 times, no answer to date.",
            "多次邮件和电话联系客户均无回应，已两个月",
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, Level::Great, "{note}: {reasons:?}");
        }
        // "Bis" that says "so far" is no cause; "bis" of a date still is.
        assert!(crate::grade::so_far(
            " kunde angeschrieben bis dato keine ruckmeldung ",
            "bis"
        ));
        assert!(crate::grade::so_far(" bis dato keine ruckmeldung ", "bis"));
        assert!(!crate::grade::so_far(" blockiert bis ende marz ", "bis"));
    }

    #[test]
    fn a_next_step_alone_says_no_intent() {
        // The heading says nothing; a follow-up or an introduction to make is logistics,
        // and "tbd" beside the heading is as bare as the status alone (D150).
        assert_level_for(
            &[
                "Next step: follow up.",
                "Nächster Schritt: nachfassen.",
                "Próximo paso: dar seguimiento.",
                "下一步：跟进。",
                "Als Nächstes: Vorstellungstermin vereinbaren",
                "Siguiente: agendar llamada de presentación",
                "下一步：约介绍会",
                "NS: tbd",
                "Siguiente: por definir",
                "下一步：待定",
            ],
            "teams",
            Level::Poor,
        );
        // With the work done and the step dated, the same heading is a great note.
        for note in [
            "Enrollment profiles done for Windows; next step: iOS ADE token on 12/10, then pilot 150 iPhones",
            "Batch 4 (800 mbx) done 11/28; NS: batch 5 on 12/12, then decommission hybrid in Jan",
            "Win11-Upgrade blockiert: 900 PCs ohne TPM 2.0; nächster Schritt: Angebot für Hardwaretausch vom OEM bis 15.12.",
        ] {
            assert_eq!(grade(note), (Level::Great, vec![]), "{note}");
        }
    }

    #[test]
    fn the_word_model_sure_of_a_status_is_no_reason_beside_a_meeting() {
        // Notes of logistics labelled with their status teach the word model the
        // logistics' words: for a new customer it is no reason beside them (D152).
        assert_graded_for(
            &[
                "Kickoff call scheduled for next Tues w/ cust IT.",
                "Meeting booked w/ cust next tues to discuss",
            ],
            Level::Poor,
            ReasonCode::Logistics,
        );
        // A block whose words the model knows keeps its reason beside the next date.
        assert_eq!(
            grade("Conditional Access braucht erst eine neue Zugriffsrichtlinie vom CAB; das CAB tagt nur quartalsweise, nächster Termin März").0,
            Level::Great
        );
    }

    #[test]
    fn the_seats_a_row_holds_are_no_figure_of_its_reason() {
        // A kind of reason beside the row's size is still a reason in name only.
        assert_graded_for(
            &[
                "Split: 500 seats, blocked due to network.",
                "Split: 1,500 seats, blocked due to network.",
                "Split: 500 Lizenzen, blockiert wegen Netzwerk.",
                "División: 500 licencias, bloqueado por la red.",
                "拆分：500个席位，因网络受阻。",
            ],
            Level::Marginal,
            ReasonCode::VagueReason,
        );
        // Seats that are the block, or a figure beside the reason, keep the note great.
        assert_level_for(
            &[
                "Blocked: 500 seats missing, reseller order open since 11/20.",
                "Split: 400 seats in the warehouse – no Wi-Fi coverage in the halls, access points ordered for March.",
                "Split: 900 retail seats – budget for the rollout approved but only released in FY27, deployment waits.",
            ],
            "teams",
            Level::Great,
        );
        // A third party is no figure: the antivirus not named is the kind of reason only.
        assert_level_for(
            &[
                "Customer uses a 3rd-party AV.",
                "Kunde nutzt einen Drittanbieter-Virenschutz.",
                "El cliente usa un antivirus de terceros.",
                "客户用的是第三方杀毒软件。",
            ],
            "microsoft-defender-atp",
            Level::Marginal,
        );
    }

    #[test]
    fn the_seats_a_new_subscription_brought_are_its_detail() {
        assert_level_for(
            &[
                "Intune P1 added via EMS E3 upgrade on 11/18 (3,000 seats); customer hasn't said if they'll use it, kickoff proposed for 12/12.",
                "E5 am 20.11. für Teams Phone gekauft (2.000 Lizenzen), noch kein Kontakt zum Voice-Team, FM-Intro am 01.12. verschickt.",
            ],
            "intune",
            Level::Great,
        );
        assert_level_for(
            &["New sub.", "Neues Abo.", "Nueva suscripción.", "新订阅。"],
            "power-bi",
            Level::Poor,
        );
    }

    #[test]
    fn service_issues_named_and_no_more_are_marginal() {
        assert_graded_for(
            &[
                "Blocked due to service issues.",
                "Blockiert wegen Serviceproblemen.",
                "Bloqueado por problemas del servicio.",
                "因服务问题受阻。",
            ],
            Level::Marginal,
            ReasonCode::VagueReason,
        );
        assert_level_for(
            &["Blocked: 3 Teams outages in Nov (EU), CIO paused the rollout until it has been stable for 30 days."],
            "teams",
            Level::Great,
        );
    }

    #[test]
    fn a_partner_that_keeps_moving_the_kickoff_is_the_reason_not_logistics() {
        assert_level_for(
            &["The partner's PM keeps moving the kickoff; the third date was cancelled by them last week."],
            "intune",
            Level::Great,
        );
    }

    #[test]
    fn a_long_note_buries_its_reason_and_is_marginal_not_poor() {
        // The guidance's fifth situation: the reason is there, among meetings and plans.
        assert_graded_for(
            &[
                "We had a good call with the customer last Tuesday and went through the whole plan again. They are configuring the policies and the guest settings, and the network team has been looking at the QoS settings for a while now. There were some questions about the meeting room devices and we sent them the documentation. The pilot should start soon, probably in January, depending on the holidays and on who is available. We will follow up next week.",
                // About 110 Chinese characters are as long as 75 English words.
                "由于银行监管机构禁止客户数据出境，邮箱不会迁移。客户团队已经介入，正在寻找办法，但看起来希望不大。正在研究关于本地数据驻留的路线图事项。FM仍然每两周与客户开一次同步会。如果找不到办法，他们很可能会改用本地托管商。咨询服务也许能帮上忙，但这取决于明年的资金能否获批。",
            ],
            Level::Marginal,
            ReasonCode::TooLong,
        );
        // What is missing today is said decisively: "目前还没有" is "not yet", no hedge.
        assert_level_for(
            &["不迁邮箱：银行监管禁止客户数据出境；目前还没有本地数据中心可选。"],
            "exchange",
            Level::Great,
        );
    }

    #[test]
    fn the_workload_named_by_what_it_does_is_no_detail() {
        assert_graded_for(
            &[
                "Voice blocked due to network.",
                "Voice blockiert wegen Netzwerk.",
                "Voz bloqueada por la red.",
            ],
            Level::Marginal,
            ReasonCode::VagueReason,
        );
    }

    #[test]
    fn what_works_only_today_or_cannot_be_done_yet_is_no_hedge() {
        assert_level_for(
            &[
                "Edge kann noch nicht Standard werden: SAP GUI for HTML und das HR-Portal laufen derzeit nur in Chrome, Herstellerfix Q2.",
                "Edge暂时还不能设为默认：SAP GUI for HTML和HR门户目前只能在Chrome上用，厂商二季度修复。",
            ],
            "edge",
            Level::Great,
        );
        // The hedge itself stays one.
        assert_graded_for(
            &["Nutzt vorerst Zoom, derzeit kein Wechsel."],
            Level::Marginal,
            ReasonCode::Hedge,
        );
    }

    #[test]
    fn an_approval_awaited_says_no_why() {
        assert_graded_for(
            &[
                "Blocked until legal approves.",
                "Blockiert bis zur Freigabe durch die Rechtsabteilung.",
                "Bloqueado hasta que legal lo apruebe.",
            ],
            Level::Marginal,
            ReasonCode::VagueReason,
        );
    }

    #[test]
    fn a_change_board_that_rejected_the_change_is_the_reason() {
        assert_level_for(
            &[
                "Their change board meets quarterly and rejected the Teams change for missing a rollback plan; next board in March.",
                "Su comité de cambios se reúne cada trimestre y rechazó el cambio de Teams por no tener plan de marcha atrás; próximo comité en marzo.",
            ],
            "teams",
            Level::Great,
        );
    }

    #[test]
    fn limits_and_not_which_say_no_why() {
        assert_graded_for(
            &[
                "Blocked due to Intune limitations.",
                "Blockiert wegen Einschränkungen in Intune.",
                "Bloqueado por limitaciones de Intune.",
            ],
            Level::Marginal,
            ReasonCode::VagueReason,
        );
        assert_level_for(&["因Intune功能限制受阻。"], "intune", Level::Marginal);
        // What cannot be done today, a few words after "目前" in its clause, is no hedge;
        // the status said for now, and what follows it, is one.
        assert_level_for(&["目前受阻，无法部署。"], "intune", Level::Poor);
        assert_level_for(
            &["客户仍在用AD RMS，十年的受保护文档，迁到Azure RMS的路径目前对他们不可行。受阻。"],
            "azrms",
            Level::Great,
        );
        assert_level_for(
            &["安全部门要求只有公司配发的Windows电脑能注册，目前没法按他们要的方式限制。推广等待。"],
            "intune",
            Level::Great,
        );
        assert_level_for(
            &["MAM en iOS: quieren cifrar los datos de las apps sin obligar a un PIN del dispositivo. Hoy no es posible -> bloqueado, PG informado."],
            "intune",
            Level::Great,
        );
    }

    #[test]
    fn how_users_hold_their_meetings_is_no_engagement_logistics() {
        for note in [
            "HR: \"people love the chat, meetings still on the phone\" – meeting etiquette training for managers in Jan.",
            "HR说：“大家都爱用聊天，开会还是打电话。”1月给经理们做会议礼仪培训。",
            "RR. HH.: «el chat les encanta, las reuniones siguen por teléfono»; formación en reuniones para mandos en enero.",
        ] {
            let (_, reasons) = grade(note);
            assert!(!reasons.contains(&ReasonCode::Logistics), "{note}");
        }
    }

    #[test]
    fn infra_work_first_and_the_time_being_say_no_why() {
        assert_level_for(
            &[
                "Blocked – infra work needed first.",
                "Blockiert – erst Infrastrukturarbeiten nötig.",
                "Customer prefers on-prem Exchange for the time being.",
            ],
            "exchange",
            Level::Marginal,
        );
        // The kind's whole name is no compound of "infra": the status and its kind alone
        // stay bare.
        assert_level_for(&["Bloqueado - infraestructura."], "exchange", Level::Poor);
    }

    #[test]
    fn another_tenant_and_not_which_says_no_why() {
        assert_level_for(
            &[
                "Duplicate of another tenant.",
                "Duplikat eines anderen Tenants.",
                "Duplicado de otro tenant.",
                "与另一个租户重复。",
            ],
            "intune",
            Level::Marginal,
        );
        assert_level_for(
            &["Licenses are in another tenant of the group, must be moved by CSP."],
            "teams",
            Level::Great,
        );
    }

    #[test]
    fn work_started_again_and_no_more_is_marginal() {
        assert_level_for(
            &[
                "Migration restarted.",
                "Migration wieder gestartet.",
                "Migración reanudada.",
            ],
            "sharepoint",
            Level::Marginal,
        );
    }

    #[test]
    fn what_the_product_cannot_do_and_not_what_says_no_why() {
        assert_level_for(
            &[
                "Blocked: Teams can't do what they need yet.",
                "Blockiert: Teams kann noch nicht, was sie brauchen.",
                "Bloqueado: Teams aún no hace lo que necesitan.",
                "受阻：Teams还做不到他们要的。",
            ],
            "teams",
            Level::Marginal,
        );
    }

    #[test]
    fn a_long_note_buries_its_reason_and_names_its_meetings_among_much_else() {
        // Over sixty words: too long, marginal (D197).
        let (level, reasons) = grade("Lange Diskussion mit dem Security-Team des Kunden über mehrere Termine zu vielen Aspekten von SharePoint Online wie Freigaben, Vertraulichkeit, Zugriff von nicht verwalteten Geräten, Gästen, Aufbewahrung, Audit-Logs, Admin-Rollen, Schlüsseln und mehr; das Team hat noch diverse Fragen und Bedenken und will mehr Zeit zur Bewertung, bevor es den Rollout freigibt, wir melden uns nach den Feiertagen mit mehr Material und evtl. einem Workshop.");
        assert_eq!(level, Level::Marginal);
        assert!(reasons.contains(&ReasonCode::TooLong), "{reasons:?}");
        // Work under way told at length beside its regular meetings: marginal, not poor.
        assert_level_for(
            &[
                "Las actividades de adopción siguen en marcha con varias iniciativas en toda la organización, como comunicaciones, formaciones, champions, horas de consulta, trucos, boletines, artículos en la intranet, carteles, lunch & learn y mensajes de la dirección; el cliente está comprometido y positivo y seguimos apoyando con material y reuniones periódicas para mantener el impulso en el año nuevo.",
                "推广活动在全组织持续开展，包括宣传、培训、推广大使、答疑时间、小技巧、简报、内网文章、海报、午餐学习会和高管讲话等；客户积极投入，我们继续提供材料并定期开会，保持势头进入新年。",
            ],
            "teams",
            Level::Marginal,
        );
        // A short one is still the meeting instead of the work.
        assert_eq!(grade("Kickoff call scheduled for next Tues").0, Level::Poor);
    }

    #[test]
    fn where_a_counted_thing_stands_today_is_no_hedge() {
        assert_level_for(
            &[
                "Blocked: 700 PCs currently on Win8.1 can't enroll; replacement rollout through April, then Intune.",
                "Blockiert: 700 PCs derzeit auf Win8.1 können nicht enrollen; Austausch bis April, dann Intune.",
                "Bloqueado: 700 PCs que actualmente tienen Win8.1 no pueden inscribirse; sustitución hasta abril, luego Intune.",
            ],
            "intune",
            Level::Great,
        );
        assert_level_for(
            &[
                "Gateway installiert, 3 von 8 Datenquellen angebunden; aktuell Test der Aktualisierung im Finanz-Dataset, Go-live 20. Jan.",
                "网关已装好，8个数据源接了3个；目前在测财务数据集的刷新，1月20日上线。",
            ],
            "power-bi",
            Level::Great,
        );
        // The status itself said for now stays hedged.
        assert_level_for(
            &[
                "Blocked at the moment, legal is looking at it.",
                "Momentan blockiert, Legal schaut sich das an.",
                "目前受阻，法务在看。",
            ],
            "sharepoint",
            Level::Marginal,
        );
    }

    #[test]
    fn a_person_to_ask_and_no_more_is_a_reference() {
        for note in [
            "Blocked – talk to Hans.",
            "Bloqueado: hablar con Hans.",
            "受阻——找Hans。",
            "Blockiert – Hans fragen.",
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, Level::Poor, "{note}");
            assert!(
                reasons.contains(&ReasonCode::Reference),
                "{note}: {reasons:?}"
            );
        }
        // Who was talked to, with what they said, is no reference.
        assert_level_for(
            &["Talked to Hans (network lead): proxy blocks Teams media, bypass CR on 20/1."],
            "teams",
            Level::Great,
        );
    }

    #[test]
    fn an_email_to_read_elsewhere_is_a_reference() {
        assert_graded_for(
            &[
                "Blocked – see email from Markus.",
                "Blockiert – siehe Mail von Markus.",
                "受阻——见 Markus 的邮件。",
            ],
            Level::Poor,
            ReasonCode::Reference,
        );
        // The customer not answering our mails is the silence itself, not a reference.
        assert_level_for(&["客户不回复我们的邮件"], "teams", Level::Marginal);
    }

    #[test]
    fn a_status_that_only_looks_so_is_bare() {
        for note in [
            "Looks like a duplicate.",
            "Sieht nach Duplikat aus.",
            "Parece un duplicado.",
            "看起来是重复的。",
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, Level::Poor, "{note}: {reasons:?}");
            assert!(
                reasons.contains(&ReasonCode::BareStatus),
                "{note}: {reasons:?}"
            );
        }
        assert_level_for(&["客户没回应。"], "onedrive", Level::Poor);
    }

    #[test]
    fn an_owner_still_to_find_is_no_detail_of_new_seats() {
        assert_level_for(
            &[
                "New EMS E3 seats, need to find owner.",
                "Neue EMS-E3-Lizenzen, Owner muss noch gefunden werden.",
                "Licencias nuevas de EMS E3, falta encontrar al responsable.",
                "新的 EMS E3 许可，还需找到负责人。",
            ],
            "intune",
            Level::Marginal,
        );
        // The plan named, and the work after it, is the detail.
        assert_level_for(
            &["Intune P1 added at renewal (3,000 seats) – customer not aware yet; intro mail to IT manager sent 12/02, call planned 12/09."],
            "intune",
            Level::Great,
        );
    }

    #[test]
    fn enrolment_under_way_and_no_more_is_marginal() {
        assert_level_for(
            &[
                "Intune: enrol in prog.",
                "Intune: Enrollment läuft.",
                "Intune: inscripción en curso.",
                "Intune：注册进行中。",
            ],
            "intune",
            Level::Marginal,
        );
    }

    #[test]
    fn the_service_of_new_seats_is_no_detail() {
        assert_level_for(
            &[
                "neue PBI-Lizenzen, noch nicht kontaktiert",
                "licencias nuevas de PBI, aun sin contactar",
            ],
            "power-bi",
            Level::Marginal,
        );
        // The plan bought, its size and the next step are.
        assert_level_for(
            &["W10 E3 new via CSP 11/28, 1.2k seats, no contact yet"],
            "windows-10",
            Level::Great,
        );
    }

    #[test]
    fn audio_conferencing_is_a_service_not_a_meeting() {
        let (_, reasons) = grade("音频会议已启用，使用率低，计划培训。");
        assert!(!reasons.contains(&ReasonCode::Logistics), "{reasons:?}");
        assert_level_for(
            &["Audio conferencing enabled, usage low, training planned."],
            "sfb-cloud-pstn-conferencing",
            Level::Marginal,
        );
    }

    #[test]
    fn a_standing_call_and_a_refusal_in_a_call_are_logistics() {
        assert_graded_for(
            &[
                "Weekly call with customer every Tuesday, next one 12/09.",
                "Llamada semanal con el cliente cada martes, la próxima el 09/12.",
                "每周二与客户例会，下次 12/09。",
                "Customer declined in the call.",
                "Kunde hat im Call abgelehnt.",
                "客户在电话里拒绝了。",
            ],
            Level::Poor,
            ReasonCode::Logistics,
        );
        // A kickoff held, with the work after it said, is no logistics (D129).
        let (_, reasons) = grade("Kickoff done, customer starting the Cloud Discovery setup.");
        assert!(!reasons.contains(&ReasonCode::Logistics), "{reasons:?}");
    }

    #[test]
    fn some_problems_are_a_reason_in_general_words() {
        assert_graded_for(
            &[
                "Migration ongoing, some issues with large files.",
                "Migration läuft, einige Probleme mit großen Dateien.",
                "Migración en curso, algunos problemas con archivos grandes.",
                "迁移进行中，大文件有些问题。",
            ],
            Level::Marginal,
            ReasonCode::VagueReason,
        );
    }

    #[test]
    fn features_missing_and_not_which_are_marginal() {
        assert_level_for(
            &[
                "Blocked – feature gap.",
                "Blockiert – Feature-Lücke.",
                "Bloqueado, a SPO le faltan funciones.",
                "受阻，SPO 缺功能。",
            ],
            "sharepoint",
            Level::Marginal,
        );
    }

    #[test]
    fn an_approval_waited_for_names_its_cause_only_with_what_it_approves() {
        assert_graded_for(
            &["SPO on hold until legal approves", "SPO 暂停，等法务批准"],
            Level::Marginal,
            ReasonCode::VagueReason,
        );
        assert_level_for(
            &[
                "SPO on hold until legal approves the data residency clause",
                "SPO 暂停，等法务批准数据驻留条款，预计第一季度末",
            ],
            "sharepoint",
            Level::Great,
        );
    }

    #[test]
    fn progress_in_general_words_beside_another_status_is_another_services() {
        assert_level_for(
            &[
                "Teams-Rollout läuft gut, aber für Yammer keine Absicht: Führung sieht keinen Bedarf für ein zweites Social-Tool",
                "el despliegue de Teams va bien, pero para Yammer sin intención: la dirección no ve necesidad de una segunda herramienta social",
            ],
            "yammer",
            Level::Great,
        );
        // Work under way said to go well, and no more, is still marginal.
        assert_level_for(
            &["Teams läuft gut.", "Teams va bien."],
            "teams",
            Level::Marginal,
        );
    }

    #[test]
    fn a_chinese_note_is_as_short_as_its_english_one() {
        // An odd character left over counts for nothing where a note is weighed as great.
        assert_level_for(
            &[
                "Customer prefers Zoom.",
                "Kunde bevorzugt Zoom.",
                "El cliente prefiere Zoom.",
                "客户更喜欢 Zoom。",
                "他们更喜欢 Slack。",
            ],
            "teams",
            Level::Marginal,
        );
        // Where a note is weighed as too short to say anything, it counts as a word:
        // "法务审核中" is marginal as "legal review ongoing" is, not poor.
        assert_level_for(&["法务审核中", "等合作伙伴。"], "teams", Level::Marginal);
    }

    #[test]
    fn a_clause_that_points_elsewhere_says_nothing_of_its_own() {
        assert_graded_for(
            &[
                "blocked, see mail thread w/ IT-L",
                "blockiert, s. Mailverlauf mit IT-L",
                "bloqueado, ver hilo de correo con el resp. de TI",
                "受阻，见与 IT 负责人的邮件往来",
            ],
            Level::Poor,
            ReasonCode::Reference,
        );
        // "找到" (found) is no person to ask.
        assert_level_for(
            &["始终没有找到合适的Yammer业务负责人或发起人"],
            "yammer",
            Level::Great,
        );
    }

    #[test]
    fn a_date_still_to_fix_is_no_hedge() {
        assert_level_for(
            &["Teams: guest access + retention configured, pilot w/ 2 depts (120 MA) since KW48, go-live tbd Jan"],
            "teams",
            Level::Great,
        );
        let (_, reasons) = grade("Blocked, next steps tbd, will update");
        assert!(
            reasons.contains(&ReasonCode::Hedge) || reasons.contains(&ReasonCode::BareStatus),
            "{reasons:?}"
        );
    }

    #[test]
    fn work_said_to_move_on_and_no_more_is_marginal() {
        assert_level_for(
            &[
                "AADP coming along",
                "AADP kommt voran",
                "AADP avanzando",
                "AADP 在推进",
            ],
            "aadp",
            Level::Marginal,
        );
    }

    #[test]
    fn meetings_booked_set_and_planned_are_logistics() {
        assert_graded_for(
            &[
                "Workshop booked for 14 Jan with IT.",
                "已和 IT 约好1月14日的研讨会。",
                "Einführungscall für nächsten Dienstag angesetzt.",
                "Llamada de presentación fijada para el próximo martes.",
                "下次与客户通话在1月9日，议题：KFM。",
                "No intent, follow-up meeting in Q1.",
                "Win10-Rollout läuft, wöchentlicher Statuscall donnerstags.",
            ],
            Level::Poor,
            ReasonCode::Logistics,
        );
    }

    #[test]
    fn until_now_and_an_update_promised_leave_the_status_bare() {
        for note in [
            "Im Moment keine Absicht.",
            "目前暂无意向。",
            "Unresponsive so far.",
            "Bisher keine Reaktion.",
            "目前为止无回应。",
            "Blocked at the moment, will update.",
            "Bloqueado en este momento, actualizaré.",
        ] {
            assert_eq!(grade(note).0, Level::Poor, "{note}");
        }
    }

    #[test]
    fn currently_beside_an_inability_or_a_figure_is_no_hedge() {
        for note in [
            "Blocked: AIP labels cannot currently be applied to CAD files (.dwg), engineering needs that before rollout.",
            "Blockiert: AIP-Labels lassen sich derzeit nicht auf CAD-Dateien (.dwg) anwenden, die Konstruktion braucht das vor dem Rollout.",
            "Bloqueado: las etiquetas de AIP no se pueden aplicar actualmente a archivos CAD (.dwg), ingeniería lo necesita antes del despliegue.",
            "Usage currently at 40% MAU; champions programme launched in Dec, target 75% by June.",
            "Nutzung derzeit bei 40 % MAU; Champions-Programm im Dez. gestartet, Ziel 75 % bis Juni.",
        ] {
            let (level, reasons) = grade(note);
            assert!(!reasons.contains(&ReasonCode::Hedge), "{note}: {reasons:?}");
            assert_eq!(level, Level::Great, "{note}: {reasons:?}");
        }
        // A negation alone is hedged: "currently no business driver".
        let (_, reasons) = grade("Derzeit kein Business-Treiber für PBI.");
        assert!(reasons.contains(&ReasonCode::Hedge), "{reasons:?}");
    }

    #[test]
    fn another_tenant_to_see_and_not_which_is_a_reason_in_general_words() {
        assert_graded_for(
            &[
                "Invalid, see other tenant.",
                "Ungültig, siehe anderen Tenant.",
                "Inválido, ver el otro tenant.",
                "无效，见另一个租户。",
            ],
            Level::Marginal,
            ReasonCode::VagueReason,
        );
    }

    #[test]
    fn the_rows_seats_beside_the_status_leave_it_bare() {
        assert_graded_for(
            &[
                "No intent for the 1,200 seats.",
                "Keine Absicht für die 1.200 Lizenzen.",
                "Sin intención para las 1.200 licencias.",
                "1200 个席位无意向。",
                "Blocked, 800 seats.",
                "受阻，800 个席位。",
            ],
            Level::Poor,
            ReasonCode::BareStatus,
        );
        // Work under way beside them is marginal, as "In progress" alone is; new seats
        // counted are the detail of a new subscription.
        assert_level_for(
            &["In progress, 2,000 seats.", "En curso, 2.000 licencias."],
            "exchange",
            Level::Marginal,
        );
        assert_level_for(
            &["New subscription: 400 PBI Pro seats added 15/11, intro mail sent to the BI lead."],
            "power-bi",
            Level::Great,
        );
    }

    #[test]
    fn the_date_of_the_next_session_is_no_figure_of_work_under_way() {
        assert_level_for(
            &[
                "Adoptions-Workshops laufen, nächster am 12.01.",
                "Talleres de adopción en curso, el próximo el 12/01.",
            ],
            "power-bi",
            Level::Marginal,
        );
        assert_level_for(
            &["Migration: 1,100 of 2,000 users' files moved, remaining 900 by end of Feb."],
            "sharepoint",
            Level::Great,
        );
    }

    #[test]
    fn the_current_solution_unnamed_and_the_status_said_of_the_customer() {
        // What they use today, and not what it is, is the category of the reason (D232).
        assert_level_for(
            &[
                "No intent, customer happy with current solution.",
                "Keine Absicht, Kunde ist mit der aktuellen Lösung zufrieden.",
                "Sin intención, el cliente está contento con su solución actual.",
                "无意向，客户对现有方案很满意。",
            ],
            "exo",
            Level::Marginal,
        );
        // A status said of the customer with a hedge is as bare as the guidance's
        // "Customer has no intent." (D232).
        assert_level_for(
            &[
                "Customer has no intent at this time.",
                "Kunde hat derzeit keine Absicht.",
                "El cliente no tiene intención de momento.",
                "客户目前没有意向。",
            ],
            "teams",
            Level::Poor,
        );
        // Progress said to be "ok" is progress in general words; WIP alone is "In
        // progress" alone.
        assert_level_for(
            &[
                "Yammer-Adoption läuft ok, Zahlen schauen wir nächsten Monat an.",
                "WIP, läuft.",
                "WIP，在弄。",
            ],
            "yammer",
            Level::Marginal,
        );
    }

    #[test]
    fn attempts_counted_with_the_accounts_kind_and_resources_in_name_only() {
        // The guidance's two details of a silent customer, in five words (D233).
        assert_level_for(
            &[
                "3 mails, no reply, unmanaged.",
                "3 Mails, keine Antwort, unmanaged.",
                "3 correos, sin respuesta, no gestionada.",
                "3 封邮件无回复，非托管。",
            ],
            "teams",
            Level::Great,
        );
        assert_level_for(
            &["3 mails, no reply.", "3 Mails, keine Antwort."],
            "teams",
            Level::Marginal,
        );
        // Priorities, resources and budget named and not what of them (D233).
        assert_level_for(
            &[
                "EXO blockiert, IT hat andere Prioritäten.",
                "Blockiert wegen interner Ressourcenprobleme.",
                "Blocked until budget is available.",
                "Blockiert, bis Budget verfügbar ist.",
                "Bloqueado hasta que haya presupuesto.",
                // A contact to make, whatever the verb's form.
                "Neue Lizenzen aufgetaucht, müssen Kunde kontaktieren.",
            ],
            "exo",
            Level::Marginal,
        );
        // An introduction sent is engagement logistics.
        assert_graded_for(
            &[
                "Sent intro email.",
                "Intro-Mail geschickt.",
                "Enviado correo de presentación.",
                "已发介绍邮件。",
            ],
            Level::Poor,
            ReasonCode::Logistics,
        );
    }

    #[test]
    fn a_next_step_that_only_waits_for_feedback_adds_nothing() {
        assert_level_for(
            &[
                "Blocked by legal. Next: wait for their feedback.",
                "Blockiert durch Rechtsabteilung. Nächster Schritt: auf deren Feedback warten.",
                "Bloqueado por legal. Siguiente: esperar su respuesta.",
                "被法务卡住。下一步：等他们反馈。",
            ],
            "teams",
            Level::Marginal,
        );
        // What legal holds up, said before it, is the reason still (D234).
        assert_level_for(
            &["Blocked by legal: the DPA addendum is not signed. Next: wait for their feedback."],
            "teams",
            Level::Great,
        );
        // A next step with something of its own is weighed with the note.
        assert_eq!(
            super::idle_next_step("blocked by legal. next: wait for their feedback."),
            (5, 0)
        );
        assert_eq!(
            super::idle_next_step("blocked by legal. next: isp upgrade to 50 mbit."),
            (0, 0)
        );
    }

    #[test]
    fn users_not_ready_and_not_why_is_a_reason_in_name_only() {
        assert_graded_for(
            &[
                "SPO blocked - users not ready for change",
                "Anwender sind noch nicht bereit für die Umstellung.",
                "Los usuarios todavía no están listos para el cambio.",
                "SPO受阻 - 用户还没准备好接受变化",
            ],
            Level::Marginal,
            ReasonCode::VagueReason,
        );
        // What they lack, named, is the reason (D235).
        assert_level_for(
            &[
                "Users need training first",
                "blocked, org not ready for the change, comms + training plan missing",
            ],
            "sharepoint",
            Level::Great,
        );
    }

    #[test]
    fn a_german_topic_compound_is_two_words() {
        // "Rechtsthema, warten." says as much as "Legal topic, waiting." (D236).
        assert_level_for(
            &[
                "Legal topic, waiting.",
                "Rechtsthema, warten.",
                "Blockiert, Lizenzthema.",
            ],
            "teams",
            Level::Marginal,
        );
    }

    #[test]
    fn a_share_of_four_digit_figures_is_no_date() {
        // "1500/2000" is a share; "2024-12-02" a date (D237).
        assert_level_for(
            &["EXO 迁移继续：已迁 1500/2000 个邮箱。"],
            "exo",
            Level::Great,
        );
        assert!(super::figures_beside_dates("migrated 1500/2000", true));
        assert!(!super::figures_beside_dates("call on 2024-12-02", true));
    }

    #[test]
    fn hedges_of_the_fourth_round() {
        // A hedge beside a reason leaves it marginal (D238).
        assert_graded_for(
            &[
                "Vorläufig blockiert: CISO will zuerst DLP.",
                "暂且受阻：CISO 要求先上 DLP。",
                "Pending legal review at this point, no date.",
            ],
            Level::Marginal,
            ReasonCode::Hedge,
        );
        // A review awaited, and not of what, says no why.
        assert_level_for(
            &["目前在等法务审核，没有日期。"],
            "sharepoint",
            Level::Marginal,
        );
        // Not planned, for now, some day: a bare status with its hedges.
        assert_graded_for(
            &[
                "Not planning Intune for now, maybe next year.",
                "Intune vorerst nicht geplant, vielleicht nächstes Jahr.",
                "De momento no planean Intune, quizá el año que viene.",
                "暂时不考虑 Intune，也许明年。",
            ],
            Level::Poor,
            ReasonCode::BareStatus,
        );
        // A figure after the hedge is what is measured now.
        assert_level_for(
            &[
                "Currently at 60% of devices enrolled, rest in Jan.",
                "At present 30% of PCs lack TPM 2.0, replacement budgeted in FY26.",
            ],
            "intune",
            Level::Great,
        );
    }

    #[test]
    fn logistics_of_the_fourth_round() {
        // A day beside its month is a date, not a figure of the work (D239).
        assert_graded_for(
            &[
                "Kickoff call booked for 10 Jan with the messaging team.",
                "已约 1 月 10 日与邮件团队开启动电话会。",
                "Migration in progress, weekly sync on Mondays.",
                "Migration läuft, wöchentlicher Sync montags.",
                "Demo scheduled for next week.",
                "演示安排在下周。",
            ],
            Level::Poor,
            ReasonCode::Logistics,
        );
        // The call the news came from, with the reason after it, is no logistics.
        assert_level_for(
            &[
                "Call with customer on 5 Dec: no intent, they replace all PCs with Macs (600 MacBooks ordered).",
                "600/1,000 devices enrolled; next status call 15 Jan.",
            ],
            "windows-10",
            Level::Great,
        );
        assert!(!super::figures_beside_dates("call on 10 jan", true));
        assert!(!super::figures_beside_dates("已约 1 月 10 日开会", true));
    }

    #[test]
    fn a_silence_restated_alone_is_poor() {
        // "Customer not responding" restates the L2 and no more, as "Kunde reagiert nicht"
        // does (D242).
        assert_graded_for(
            &[
                "Customer not responding.",
                "Partner not responding.",
                "Kunde reagiert nicht.",
                "El cliente no responde.",
                "客户没反应。",
            ],
            Level::Poor,
            ReasonCode::BareStatus,
        );
    }

    #[test]
    fn outages_alone_are_a_category_and_until_further_notice_no_hedge() {
        // "Outages" names the reliability's kind and not which (D243).
        assert_graded_for(
            &["Blocked due to outages.", "Blockiert wegen Ausfällen."],
            Level::Marginal,
            ReasonCode::VagueReason,
        );
        // With its cause beside it, "bis auf Weiteres" is as great as "until further
        // notice" (D243).
        for note in [
            "Blocked: IT in emergency mode after the COVID outbreak at the plant, all projects frozen until further notice.",
            "Blockiert: IT nach dem COVID-Ausbruch im Werk im Notbetrieb, alle Projekte bis auf Weiteres eingefroren.",
        ] {
            assert_eq!(grade(note).0, Level::Great, "{note}");
        }
    }

    #[test]
    fn a_worry_beside_the_kind_alone_names_the_kind_only() {
        // Who worries says nothing of what is feared (D250).
        assert_level_for(
            &[
                "Blocked, customer worried about outages.",
                "Blockiert, Kunde sorgt sich wegen Ausfällen.",
                "Bloqueado, al cliente le preocupan las caídas.",
                "受阻，客户担心宕机。",
            ],
            "exchange",
            Level::Marginal,
        );
        // What is feared, said, is the reason.
        assert_level_for(
            &[
                "Blocked - CIO believes on-prem Exchange is more reliable than EXO; we shared the 99.9% SLA history, decision at the Feb board",
                "Blockiert - Kunde sorgt sich, dass EXO nach zwei Ausfällen im Q3 weniger verfügbar ist als Exchange on-prem; SLA-Review am 20.01.",
                "Bloqueado - al cliente le preocupa que EXO esté menos disponible que su Exchange local tras dos caídas en el T3; revisión del SLA el 20 de enero",
            ],
            "exchange",
            Level::Great,
        );
    }

    #[test]
    fn the_service_enabled_and_work_said_by_its_verb_is_progress_alone() {
        // As "In progress" alone: marginal, not too short (D251).
        assert_level_for(
            &[
                "Enabled, migrating.",
                "Aktiviert, Migration läuft.",
                "Habilitado, migrando.",
                "已启用，迁移中。",
                "Rolling out.",
            ],
            "exchange",
            Level::Marginal,
        );
    }

    #[test]
    fn a_hedge_the_note_quotes_is_someone_elses_word() {
        // Reported, the customer's "maybe" is no hedge of the note's (D254).
        assert_level_for(
            &[
                "SU - reached the security architect once (Nov 3) who said 'maybe next year'; since then 3 follow-ups, no answer",
                "SU - Security-Architekt einmal erreicht (03.11.), sagte „vielleicht nächstes Jahr“; seitdem 3 Nachfassungen, keine Antwort",
                "SU - contactamos una vez con el arquitecto de seguridad (3/11), que dijo «quizá el año que viene»; desde entonces 3 seguimientos sin respuesta",
                "状态未知 - 11月3日联系上安全架构师一次，他说“也许明年”；之后跟进3次没有回复",
            ],
            "aadp",
            Level::Great,
        );
        // The note's own hedge still counts, and so does one after a quote left open.
        let (_, reasons) = grade("Maybe blocked by security, will update later.");
        assert!(reasons.contains(&ReasonCode::Hedge), "{reasons:?}");
        // A hedge slipped on the keyboard and mended by the speller is the note's, quoted
        // nowhere.
        let (_, reasons) = grade("Blocked by the CISO, vielleihct until March.");
        assert!(reasons.contains(&ReasonCode::Hedge), "{reasons:?}");
        let (_, reasons) = grade(
            "Blocked by the CISO's \"DLP first\" rule, maybe until March: no reply to 2 mails.",
        );
        assert!(reasons.contains(&ReasonCode::Hedge), "{reasons:?}");
    }

    #[test]
    fn who_lacks_the_kind_says_no_more_than_the_kind() {
        // "IT has no capacity" names the kind and who lacks it, not what takes the
        // capacity (D258).
        assert_level_for(
            &[
                "PBI blocked, IT has no capacity.",
                "PBI blockiert, IT hat keine Kapazität.",
                "PBI bloqueado, TI no tiene capacidad.",
                "PBI阻塞，IT没有人力。",
            ],
            "pbi",
            Level::Marginal,
        );
        // What takes it is the reason.
        assert_level_for(
            &["PBI blocked, IT has no capacity: both BI admins are on the SAP S/4 cutover until March."],
            "pbi",
            Level::Great,
        );
    }

    #[test]
    fn a_reminder_sent_again_is_logistics_in_every_language() {
        assert_graded_for(
            &[
                "SU. Hake nach.",
                "SU. Daré seguimiento.",
                "状态未知，会跟进。",
                "Any news? Pinged again.",
                "Neuigkeiten? Nochmal angepingt.",
                "¿Novedades? Escribí otra vez.",
                "有消息吗？又催了一次。",
            ],
            Level::Poor,
            ReasonCode::Logistics,
        );
    }

    #[test]
    fn the_frame_of_what_someone_said_adds_nothing_to_the_note() {
        // "They said" makes "they use another BI tool" no longer and no more telling
        // (D259).
        assert_level_for(
            &[
                "They said they use another BI tool.",
                "Sie sagten, sie nutzen ein anderes BI-Tool.",
                "Kunde sagte, die IT sei zu ausgelastet.",
                "El cliente dijo que TI está demasiado ocupada.",
            ],
            "pbi",
            Level::Marginal,
        );
        assert_level_for(
            &["CIO said they stay on Zoom, 3-year contract signed in Sept."],
            "teams",
            Level::Great,
        );
    }

    #[test]
    fn a_mails_greeting_and_thanks_add_nothing_to_the_note() {
        // Pasted from a mail, "Blocked by legal." is as marginal as it is alone (D260).
        assert_level_for(
            &[
                "Hi, Teams is blocked by legal. Will keep you posted. Thanks",
                "Hi, Teams ist durch Legal blockiert. Halte euch auf dem Laufenden. Danke",
                "Hola, Teams está bloqueado por legal. Os mantengo informados. Gracias",
                "你好，Teams被法务卡住了。有进展再同步。谢谢",
            ],
            "teams",
            Level::Marginal,
        );
        assert_graded_for(
            &["你好，下周和客户通话，之后更新。谢谢"],
            Level::Poor,
            ReasonCode::Logistics,
        );
        // The reason in the mail keeps it great.
        assert_level_for(
            &["FYI – Teams voice blocked: SBCs at the 4 sites are end-of-life and not certified for Direct Routing, replacement ordered for Feb. BR, Tom"],
            "teams",
            Level::Great,
        );
    }

    #[test]
    fn an_owner_not_known_is_one_still_to_find() {
        // D263, as "need to find owner" (D203).
        assert_level_for(
            &[
                "AAD P2 added, owner unknown.",
                "AAD P2 dazugekommen, Owner unbekannt.",
                "Se añadió AAD P2, responsable desconocido.",
                "新增AAD P2，负责人不明。",
            ],
            "aadp",
            Level::Marginal,
        );
    }

    #[test]
    fn a_courtesy_is_looked_for_only_where_one_of_its_words_is() {
        assert!(crate::grade::may_hold_courtesy(
            " hi teams is blocked by legal thanks "
        ));
        assert!(crate::grade::may_hold_courtesy(" 你好 teams被法务卡住了 "));
        assert!(!crate::grade::may_hold_courtesy(
            " teams is blocked by legal "
        ));
        assert!(!crate::grade::may_hold_courtesy(
            " history of the highway project "
        ));
    }

    #[test]
    fn a_new_executive_awaited_is_an_event_waited_for() {
        // D264, as "until the merger completes".
        assert_level_for(
            &[
                "No intent until the new CFO starts.",
                "Keine Absicht, bis der neue CFO anfängt.",
                "Sin intención hasta que empiece el nuevo CFO.",
                "新CFO上任前无意向。",
            ],
            "pbi",
            Level::Marginal,
        );
    }

    #[test]
    fn no_answer_yet_is_the_status_alone() {
        // D265, as "no response" is; "not ready yet" keeps its kind and stays marginal.
        assert_level_for(
            &[
                "no reply yet",
                "noch keine Antwort",
                "aún sin respuesta",
                "还没回复",
            ],
            "exo",
            Level::Poor,
        );
        assert_level_for(&["Customer not ready yet"], "exo", Level::Marginal);
    }

    #[test]
    fn a_silence_dated_by_a_meeting_is_said_and_its_detail_is_not() {
        // The meeting is when the silence began, not logistics instead of the intent; the
        // attempts are not counted, so the note is marginal in every language (D266).
        assert_graded_for(
            &[
                "Customer not answering since the workshop.",
                "Kunde meldet sich seit dem Workshop nicht.",
                "El cliente no contesta desde el taller.",
                "客户自研讨会后就不回复了。",
                "no reply since kickoff",
                "keine Antwort seit dem Kickoff",
            ],
            Level::Marginal,
            ReasonCode::NoReason,
        );
        // With the attempts counted the silence is told (as before).
        assert_level_for(
            &[
                "No reply since the kickoff, 3 mails and 2 calls to the IT lead.",
                "Seit dem Kickoff keine Antwort, 3 Mails und 2 Anrufe beim IT-Leiter.",
            ],
            "teams",
            Level::Great,
        );
        // A meeting that is not the silence's start stays logistics.
        assert_graded_for(
            &["Workshop with customer on 12/3 to discuss next steps"],
            Level::Poor,
            ReasonCode::Logistics,
        );
    }

    #[test]
    fn since_that_dates_is_no_cause_and_since_that_explains_is_one() {
        // "since October" tells when, not why.
        assert!(super::since_when(
            "customer not responding since october",
            "since"
        ));
        assert!(super::since_when(
            "no reply since the kickoff, pinged twice",
            "since"
        ));
        assert!(super::since_when("silent since 10/10", "since"));
        // "since the works council objects" tells why.
        assert!(!super::since_when(
            "on hold since the works council objects",
            "since"
        ));
        assert!(!super::since_when("on hold since they use zoom", "since"));
        // One "since" that explains is enough.
        assert!(!super::since_when(
            "silent since october since they moved to zoom",
            "since"
        ));
        assert_graded_for(
            &["Customer not answering since October."],
            Level::Marginal,
            ReasonCode::NoReason,
        );
        assert_eq!(
            grade("Teams on hold since the works council objects to call recording.").0,
            Level::Great
        );
    }

    #[test]
    fn another_tool_not_needed_is_no_rival_left_unnamed() {
        // The need for another tool denied is no competitor in use (D268).
        assert_level_for(
            &[
                "Yammer: sin patrocinador – comunicación usa canales de Teams para los anuncios y no ve necesidad de otra herramienta.",
                "Yammer: kein Sponsor – die Kommunikation nutzt Teams-Kanäle für Ankündigungen und sieht keinen Bedarf für ein anderes Tool.",
            ],
            "yammer",
            Level::Great,
        );
        // A tool in use, not named, still is one.
        assert_graded_for(
            &["Uses another tool and is happy with it."],
            Level::Marginal,
            ReasonCode::VagueReason,
        );
    }

    #[test]
    fn an_invalid_tenants_why_in_two_words_and_details_promised_for_later() {
        // What makes a tenant invalid, in two words, is said: marginal, not poor (D269).
        assert_graded_for(
            &[
                "Test tenant.",
                "Tenant de pruebas.",
                "测试租户。",
                "Demo tenant.",
            ],
            Level::Marginal,
            ReasonCode::TooShort,
        );
        // A duplicate in two words is still the status alone.
        assert_level_for(
            &[
                "Duplicate tenant.",
                "Doppelter Tenant.",
                "Doppelter Eintrag.",
                "重复租户。",
            ],
            "teams",
            Level::Poor,
        );
        // Details promised for later say none (D269).
        assert_graded_for(
            &[
                "Blocked by security, no details yet.",
                "Von Security blockiert, noch keine Details.",
                "Bloqueado por seguridad, aún sin detalles.",
            ],
            Level::Marginal,
            ReasonCode::NoReason,
        );
        // A rollout in Chinese, and no more, is as marginal as "Rollout läuft" (D269).
        assert_level_for(
            &["推广进行中。", "推广中。", "Rollout läuft."],
            "onedrive",
            Level::Marginal,
        );
    }

    #[test]
    fn a_first_meeting_not_held_yet_is_why_the_intent_is_unknown() {
        // Newly assigned, no kickoff yet: the reason, not logistics instead of it (D270).
        for note in [
            "Customer just assigned us to this tenant; no kickoff yet.",
            "Kunde hat uns gerade diesem Tenant zugewiesen; noch kein Kickoff.",
            "El cliente nos acaba de asignar este tenant; aún no hay kickoff.",
            "客户刚把这个租户分配给我们；还没开启动会。",
        ] {
            let (_, reasons) = grade(note);
            assert!(
                !reasons.contains(&ReasonCode::Logistics),
                "{note}: {reasons:?}"
            );
        }
        // A meeting to come is still logistics, and a follow-up promised is no meeting.
        assert_graded_for(
            &["kickoff call tbd", "状态未知，会跟进。"],
            Level::Poor,
            ReasonCode::Logistics,
        );
    }

    #[test]
    fn a_template_with_only_its_status_filled_is_in_progress_alone() {
        // The field's name says nothing: as marginal as "In progress" alone (D273).
        assert_level_for(
            &[
                "Status: In progress | Reason: – | Next: –",
                "Estado: En curso | Motivo: – | Siguiente: –",
                "状态：进行中 | 原因：– | 下一步：–",
            ],
            "windows-10",
            Level::Marginal,
        );
        assert_level_for(
            &["Estado: Bloqueado | Motivo: – | Siguiente: –"],
            "windows-10",
            Level::Poor,
        );
    }

    #[test]
    fn a_blocks_cause_in_a_word_is_marginal_where_its_kind_alone_is_poor() {
        // The cause named by more than its kind (D274).
        assert_level_for(
            &[
                "Blocked – proxy.",
                "Blockiert – Proxy.",
                "Bloqueado: proxy.",
                "受阻——代理。",
                "Blocked – firewall.",
            ],
            "teams",
            Level::Marginal,
        );
        // The kind alone, or an L2's one L3 taken for nothing said.
        assert_level_for(
            &[
                "Blocked – network.",
                "Bloqueado: red.",
                "Blocked - infra.",
                "Licensing.",
                "Status: Blocked\nReason: TBD\nNext step: TBD",
                "阻碍：待定",
            ],
            "teams",
            Level::Poor,
        );
    }

    #[test]
    fn a_review_said_in_one_german_word_counts_as_two() {
        // "Rechtsprüfung ausstehend." as "Legal review pending." (D274); a kind and its
        // problem stay a kind ("Lizenzproblem.").
        assert_level_for(
            &["Rechtsprüfung ausstehend.", "Legal review pending."],
            "teams",
            Level::Marginal,
        );
        assert_level_for(&["Lizenzproblem."], "teams", Level::Poor);
    }

    #[test]
    fn a_measure_word_after_a_figure_adds_nothing_to_a_notes_size() {
        // "3封邮件" is "3 mails": attempts counted alone are marginal in Chinese too (D274).
        assert_level_for(
            &["3 mails, 2 calls, nothing.", "3封邮件，2个电话，没回音。"],
            "exchange",
            Level::Marginal,
        );
    }

    #[test]
    fn the_first_meeting_beside_what_was_bought_is_no_logistics() {
        // The engagement starts there; the note says why the intent is unknown (D274).
        assert_level_for(
            &[
                "Intro call booked for 12/12 – new Intune licences, no contact before.",
                "Intro-Call für 12.12. gebucht – neue Intune-Lizenzen, vorher kein Kontakt.",
                "Llamada de presentación reservada para el 12/12: licencias nuevas de Intune, sin contacto previo.",
                "介绍会定在12月12日——新的Intune许可，此前没有联系过。",
            ],
            "intune",
            Level::Great,
        );
        // A meeting to book, and nothing bought named, is logistics still.
        assert_graded_for(
            &["Siguiente: agendar llamada de presentación"],
            Level::Poor,
            ReasonCode::Logistics,
        );
    }

    #[test]
    fn whom_a_meeting_is_with_is_no_reason() {
        // The CISO met says who decides, not what is in the way (D274); the QBR is a
        // meeting.
        assert_graded_for(
            &[
                "Blocked. Call w/ CISO next Thu to discuss.",
                "Blockiert. Call mit CISO nächsten Do. zur Klärung.",
                "Bloqueado. Llamada con el CISO el próximo jueves para hablarlo.",
                "受阻。下周四和CISO开会讨论。",
                "Discussed in the QBR on 11/18 – no intent.",
                "11月18日QBR上讨论过——无意向。",
            ],
            Level::Poor,
            ReasonCode::Logistics,
        );
        // A longer note tells its reason beside the meeting, in words no cue knows.
        assert_level_for(
            &["Workshop with their security team held; concerns: no MFA for externals, data in US. Decision in Jan."],
            "onedrive",
            Level::Great,
        );
    }

    #[test]
    fn a_reason_still_to_learn_is_none() {
        // D275.
        assert_graded_for(
            &[
                "Blocked, reason unknown.",
                "Blockiert, Grund unklar.",
                "Bloqueado, motivo desconocido.",
                "受阻，原因不明。",
                "It's stuck, still finding out why.",
                "Hängt fest, den Grund klären wir noch.",
                "Está trabado, el motivo todavía lo estamos averiguando.",
                "卡住了，具体原因还在了解。",
            ],
            Level::Poor,
            ReasonCode::BareStatus,
        );
        // The reason learnt beside it is the note's.
        assert_level_for(
            &["Blocked, reason unknown at first; the proxy team says it's the firewall, fix ETA 12/20."],
            "teams",
            Level::Great,
        );
    }

    #[test]
    fn use_said_as_more_or_less_and_our_own_lack_of_time_say_nothing() {
        // D275.
        assert_level_for(
            &[
                "They're working on adoption, people use it more or less.",
                "Sind an der Adoption dran, die Leute nutzen es so halbwegs.",
                "Andan en la adopción, la gente ya lo usa más o menos.",
                "在推广使用，大家用得还凑合。",
            ],
            "teams",
            Level::Marginal,
        );
        assert_level_for(
            &[
                "Newly bought licences, haven't had time to reach out yet.",
                "Frisch gekaufte Lizenzen, noch keine Zeit gehabt, uns zu melden.",
                "Licencias recién compradas, todavía no nos dio tiempo de contactar.",
                "新买的许可，还没来得及联系。",
            ],
            "exchange",
            Level::Marginal,
        );
    }

    #[test]
    fn a_status_abbreviation_opening_the_note_says_the_status_again() {
        // "SU – no resp." is as poor as "No response." (D276).
        assert_graded_for(
            &[
                "SU – no resp.",
                "SU – keine Rückm.",
                "SU – sin resp.",
                "SU——没回应。",
            ],
            Level::Poor,
            ReasonCode::BareStatus,
        );
        // Work under way, said and no more, is marginal however it is shortened or typed.
        assert_level_for(
            &[
                "IP - ongoing.",
                "IP, enrolamiento en curso",
                "Enrolamiento en curso.",
                "Teams部暑进行中。",
            ],
            "teams",
            Level::Marginal,
        );
        // Elsewhere "su" is Spanish's "their".
        assert_level_for(
            &["Esperando su respuesta desde el 02/10, 3 correos al responsable de TI."],
            "teams",
            Level::Great,
        );
    }

    #[test]
    fn whom_was_tried_is_counted_as_english_counts_it() {
        // "IT-Leiter" is "IT manager", two words (D277).
        assert_level_for(
            &[
                "Tried the IT manager twice, no luck.",
                "IT-Leiter zweimal versucht, ohne Erfolg.",
            ],
            "exchange",
            Level::Great,
        );
    }

    #[test]
    fn skype_left_for_teams_names_what_is_used_instead() {
        // D280: as "Uses Gmail, no plans to move" names the competitor.
        assert_level_for(
            &[
                "Going straight to Teams, SfB Online skipped.",
                "Straight to Teams, skipping SfB.",
                "直接上Teams，跳过SfB Online。",
            ],
            "sfb",
            Level::Great,
        );
        assert_level_for(&["NI – Teams."], "sfb", Level::Poor);
    }

    #[test]
    fn a_pointer_to_another_row_is_no_reason_unless_the_row_is_repeated() {
        // D280.
        assert_graded_for(
            &["SU – siehe EXO-Zeile.", "Blockiert, siehe Teams."],
            Level::Poor,
            ReasonCode::Reference,
        );
        assert_level_for(
            &["Ungültig, siehe anderen Tenant."],
            "exchange",
            Level::Marginal,
        );
    }

    #[test]
    fn the_first_call_beside_new_seats_in_spanish_is_no_logistics() {
        // D280: as "setting up an intro call" beside the E5 upgrade in English.
        assert_level_for(
            &[
                "Came with last week's E5 upgrade; nobody spoken to about MCAS yet – setting up an intro call.",
                "Llegó con el upgrade a E5 de la semana pasada; aún no hemos hablado con nadie de MCAS – organizando una llamada de presentación.",
            ],
            "mcas",
            Level::Great,
        );
    }

    #[test]
    fn a_contact_gone_elsewhere_is_why_the_customer_is_silent() {
        // D281.
        assert_level_for(
            &[
                "Mails to the listed contact bounce (mailbox deleted); LinkedIn says she moved to another company. Looking for a new contact via the partner.",
                "Los correos al contacto registrado rebotan (buzón eliminado); según LinkedIn se fue a otra empresa. Buscando contacto nuevo a través del partner.",
                "发给登记联系人的邮件被退回（邮箱已删除）；LinkedIn显示她已跳槽。正通过合作伙伴找新联系人。",
            ],
            "exchange-outlook-mobile",
            Level::Great,
        );
        assert_level_for(&["Waiting on the customer."], "exchange", Level::Marginal);
    }

    #[test]
    fn a_follow_up_shortened_is_still_only_a_follow_up() {
        // D281: as "Follow up next week." is poor.
        assert_graded_for(
            &[
                "IP – f/u w/ cust nxt wk.",
                "IP – seguimiento con el cliente la próx. semana.",
                "IP——下周跟进客户。",
            ],
            Level::Poor,
            ReasonCode::Logistics,
        );
    }

    #[test]
    fn an_upgrade_under_way_is_marginal_as_work_under_way_is() {
        // D282.
        assert_level_for(
            &[
                "Win11 upgrade ongoing 🙂",
                "Actualización a Win11 en curso 🙂",
                "Win11升级进行中 🙂",
            ],
            "windows-10",
            Level::Marginal,
        );
        // A ticket named is a pointer, however "see" is said.
        assert_graded_for(
            &["Blocked – see INC0051234.", "Bloqueado – ver INC0051234."],
            Level::Poor,
            ReasonCode::BareStatus,
        );
    }

    #[test]
    fn a_reason_too_long_to_tell_is_not_told() {
        // D283: as "Blocked, reason unknown." is.
        assert_graded_for(
            &[
                "Stuck. Long story.",
                "Hängt. Lange Geschichte.",
                "Atascado. Larga historia.",
                "卡住了，说来话长。",
            ],
            Level::Poor,
            ReasonCode::BareStatus,
        );
    }

    #[test]
    fn the_fms_own_doubt_or_hope_is_a_hedge_the_customers_is_not() {
        // D285.
        for note in [
            "No sé si es NI o solo que están liados – 3 correos sin respuesta desde el 15/10.",
            "MFA-Rollout läuft, sollte hoffentlich bald fertig sein.",
            "Despliegue de MFA en curso, con suerte terminamos pronto.",
            "Licencias nuevas de Teams Premium – creo que para la dirección. Lo confirmo.",
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, Level::Marginal, "{note}");
            assert!(reasons.contains(&ReasonCode::Hedge), "{note}: {reasons:?}");
        }
        // The customer unsure is the reason; "no se sincroniza" is no "no sé si".
        assert_level_for(
            &[
                "不确定Teams对他们有什么用，所以只用EXO。",
                "Bloqueado: el AD local aún no se sincroniza con AAD; la instalación de AAD Connect espera un servidor.",
            ],
            "exchange",
            Level::Great,
        );
    }

    #[test]
    fn until_when_in_spanish_says_why_as_bis_and_till_do() {
        // D286.
        assert_level_for(
            &[
                "No budget till April.",
                "Kein Budget bis April.",
                "Sin presupuesto hasta abril.",
            ],
            "power-bi",
            Level::Great,
        );
    }

    #[test]
    fn whom_a_row_still_lacks_is_no_hedge() {
        // D287: "owner TBD" is a fact of the new seats; "TBD" alone is still a hedge.
        assert_level_for(
            &[
                "Neu via E5 upgrade (11/15); owner TBD – asked the CSAM, intro once we have a name.",
                "Nuevo vía upgrade a E5 (15/11); owner TBD – preguntado al CSAM, intro cuando tengamos nombre.",
            ],
            "mcas",
            Level::Great,
        );
        let (_, reasons) = grade("Blocked, TBD.");
        assert!(!reasons.is_empty());
    }

    #[test]
    fn a_share_so_far_is_no_hedge() {
        // D290: "for now" after a share measures so far; before the status it hedges.
        assert_level_for(
            &[
                "Deployment done. Champions programme and training for 3k users; 45% weekly active for now.",
                "Despliegue terminado. Programa de champions y formación para 3k usuarios; 45 % activos semanales por ahora.",
            ],
            "teams",
            Level::Great,
        );
        assert_graded_for(
            &["Usage at 45%; for now no plans for more, budget goes to the ERP project."],
            Level::Marginal,
            ReasonCode::Hedge,
        );
    }

    #[test]
    fn a_past_status_turned_by_but_keeps_what_follows() {
        // D290: "Was IP, but …" is past up to the turn; the contact's leaving is the why.
        assert_level_for(
            &[
                "Was IP, but no contact since the project lead left in October; nobody answers. Set back to SU.",
                "War IP, aber seit der Projektleiter im Oktober gegangen ist, kein Kontakt mehr; niemand antwortet.",
            ],
            "intune",
            Level::Great,
        );
    }

    #[test]
    fn a_revisit_with_its_date_is_a_next_step() {
        // D290: "will revisit at the QBR in February" says when; "will revisit" alone is
        // still no answer.
        assert_level_for(
            &["No business decision maker has been identified to sponsor the rollout; the IT manager won't drive it without executive backing. We will revisit at the QBR in February."],
            "teams",
            Level::Great,
        );
        assert_graded_for(
            &["No intent, customer will revisit."],
            Level::Marginal,
            ReasonCode::VagueReason,
        );
    }

    #[test]
    fn a_meeting_said_in_full_is_logistics_and_a_first_call_not_held_is_none() {
        // D290.
        assert_graded_for(
            &["A meeting has been scheduled with the customer for 12/09 to discuss the current status and next steps."],
            Level::Poor,
            ReasonCode::Logistics,
        );
        // The first call not held yet, beside new seats, is why the intent is unknown.
        assert_level_for(
            &["Esta carga de trabajo se añadió con la reciente compra de E5 del cliente. Aún no se ha hecho la llamada de presentación; el FM contactará con el responsable de TI."],
            "exchange",
            Level::Great,
        );
    }

    #[test]
    fn in_progress_alone_is_marginal_however_written() {
        // D291: "IP", said again or beside the row's seats, is "In progress" alone.
        assert_level_for(
            &[
                "IP",
                "IP again.",
                "Wieder IP.",
                "又是IP了。",
                "5,000 seats, IP.",
            ],
            "onedrive",
            Level::Marginal,
        );
        // A blocked row's seats, one word saying which, add nothing to the status.
        assert_level_for(&["Blocked, 3,000 mobile seats."], "intune", Level::Poor);
    }

    #[test]
    fn the_customers_maybe_later_is_no_answer_yet() {
        // D292: reported, "maybe later" is the customer's, and says no why; the frame of
        // the report counts for nothing (D259), so in English it is also too short.
        assert_graded_for(
            &[
                "El cliente dijo «quizá más adelante».",
                "客户说“以后再说吧”。",
            ],
            Level::Marginal,
            ReasonCode::VagueReason,
        );
        assert_graded_for(
            &["Customer said \"maybe later\"."],
            Level::Poor,
            ReasonCode::TooShort,
        );
    }

    #[test]
    fn what_only_may_be_done_is_no_guess() {
        // D293: "may" after "only" allows; elsewhere it hedges.
        assert_level_for(
            &["Public sector: state data protection law forbids managing staff-owned phones; only the 800 agency-issued devices may be enrolled. Ministry ruling expected March."],
            "intune",
            Level::Great,
        );
        assert_graded_for(
            &["Blocked by legal, may be lifted in March."],
            Level::Marginal,
            ReasonCode::Hedge,
        );
    }

    #[test]
    fn the_kind_and_whose_it_is_say_no_more_than_the_kind() {
        // D294.
        assert_graded_for(
            &[
                "Blocked due to security concerns from the customer.",
                "Blockiert wegen Sicherheitsbedenken des Kunden.",
                "They use another MDM and are happy with it.",
                "Usan otro MDM y están contentos.",
                "Some business apps don't work with M365 Apps yet.",
                "Einige Fachanwendungen laufen noch nicht mit M365 Apps.",
                "Tema de licencias, el cliente lo revisa internamente.",
                "Product gap, waiting for a fix.",
                "Produktlücke, warten auf einen Fix von Microsoft.",
            ],
            Level::Marginal,
            ReasonCode::VagueReason,
        );
        // "hasta ahora" is "so far", no until; a fix waited for is no cause.
        assert_graded_for(
            &["Despliegue en curso, sin problemas hasta ahora."],
            Level::Marginal,
            ReasonCode::NoReason,
        );
        assert_level_for(
            &["Some apps not compatible."],
            "officeproplus",
            Level::Marginal,
        );
    }

    #[test]
    fn a_policy_users_not_ready_or_a_decision_awaited_name_no_why() {
        // D295.
        assert_graded_for(
            &[
                "Blockiert durch eine interne IT-Richtlinie.",
                "Bloqueado por una política interna de TI.",
                "Users are not ready for the change yet.",
                "Los usuarios aún no están preparados para el cambio.",
                "Some users have problems with old add-ins.",
                "Algunos usuarios tienen problemas con complementos antiguos.",
                "Nutzen eine Drittanbieterlösung für die Klassifizierung.",
            ],
            Level::Marginal,
            ReasonCode::VagueReason,
        );
        assert_graded_for(
            &["Pilot done, waiting for the go-live decision."],
            Level::Marginal,
            ReasonCode::NoReason,
        );
        // What users lack, named, is the why.
        assert_level_for(&["Users need training first"], "teams", Level::Great);
    }

    #[test]
    fn the_kind_in_shorthand_is_the_kind() {
        // D296.
        assert_graded_for(
            &[
                "Blkd – sec. concerns on cust side.",
                "Blocked – compat issues w/ some LOB apps.",
                "Blockiert – Kompatibilitätsprobleme mit einigen Fachanwendungen.",
                "受阻——在等客户IT腾出人手。",
            ],
            Level::Marginal,
            ReasonCode::VagueReason,
        );
        // A vague cause beside its kind is a reason in name only, not none.
        assert_graded_for(
            &[
                "Blocked – partner is slow.",
                "Blockiert – Partner ist langsam.",
            ],
            Level::Marginal,
            ReasonCode::VagueReason,
        );
        // Kinds joined by slashes are still the guidance's poor note.
        assert_level_for(
            &["Cannot deploy because of cloud/data/legal issues."],
            "teams",
            Level::Poor,
        );
        // Short and specific stays great.
        assert_level_for(
            &[
                "Blocked: proxy strips modern auth headers; fix in the Jan change window.",
                "Partner silent since Oct, 3 mails unanswered; PDM asked to step in.",
                "12 branch sites still on 2 Mbit lines; SD-WAN upgrade funded for Q2.",
            ],
            "teams",
            Level::Great,
        );
    }

    #[test]
    fn nothing_new_said_many_ways_is_poor() {
        // D297: the last update pointed to, details for later, a follow-up after the
        // holidays.
        assert_level_for(
            &[
                "Status unchanged since last update.",
                "Status seit dem letzten Update unverändert.",
                "Estado sin cambios desde la última actualización.",
                "状态与上次更新相比没有变化。",
                "Bloqueado, detalles más adelante.",
                "SU. Haremos seguimiento después de las fiestas.",
            ],
            "onedrive",
            Level::Poor,
        );
        // On track, and no more, is "In progress" alone.
        assert_level_for(
            &[
                "On track.",
                "Im Plan.",
                "Según lo previsto.",
                "按计划进行。",
            ],
            "windows-10",
            Level::Marginal,
        );
    }

    #[test]
    fn a_contact_to_make_in_indian_english_is_one() {
        // D298, as D128.
        assert_graded_for(
            &["New licences, need to connect with the customer."],
            Level::Marginal,
            ReasonCode::NoReason,
        );
    }

    #[test]
    fn german_guesses_and_a_fix_soon_are_hedges() {
        // D299.
        assert_graded_for(
            &[
                "Sie bleiben evtl. bei Okta.",
                "Ich glaube, Legal prüft den AVV noch.",
                "Offenbar ein Duplikat der Contoso-Zeile.",
                "Blockiert, wohl wegen Budget.",
                "Likely NI – they seem happy with Slack.",
                "Blocked by the proxy, should be fixed soon.",
                "Bloqueado por el proxy, debería arreglarse pronto.",
                "被代理卡住了，应该很快能修好。",
            ],
            Level::Marginal,
            ReasonCode::Hedge,
        );
        // Not at ease is no guess.
        assert_level_for(
            &["CSO fühlt sich mit Daten der Geschäftsleitung in der Cloud nicht wohl"],
            "onedrive",
            Level::Great,
        );
    }

    #[test]
    fn nothing_known_yet_is_no_answer_yet() {
        // D300, as "no info yet" (D107).
        assert_graded_for(
            &[
                "MCAS came with E5, nothing known yet.",
                "MCAS kam mit E5, noch nichts bekannt.",
            ],
            Level::Marginal,
            ReasonCode::VagueReason,
        );
    }

    #[test]
    fn a_missing_sponsor_on_the_customers_side_is_the_kind_alone() {
        assert_level_for(
            &[
                "No exec sponsor on the customer side.",
                "Kein Executive Sponsor auf Kundenseite.",
                "No hay patrocinador ejecutivo del lado del cliente.",
                "客户那边没有高层发起人。",
            ],
            "power-bi",
            Level::Marginal,
        );
        // What the sponsor's absence comes from is a reason.
        assert_level_for(
            &[
                "No sponsor, comms sees no value",
                "Kein Sponsor, Kommunikation sieht keinen Nutzen",
            ],
            "yammer",
            Level::Great,
        );
    }

    #[test]
    fn new_seats_and_a_contact_still_to_make_are_marginal_whatever_the_plan() {
        assert_level_for(
            &[
                "New E5 seats, will contact the customer.",
                "Neue E5-Lizenzen, werde den Kunden kontaktieren.",
                "Licencias E5 nuevas, contactaré al cliente.",
                "新的E5席位，会联系客户。",
            ],
            "exchange",
            Level::Marginal,
        );
    }

    #[test]
    fn no_answer_yet_from_the_customer_is_the_silence_alone() {
        assert_level_for(
            &[
                "No answer yet from the customer.",
                "Noch keine Antwort vom Kunden.",
                "Todavía sin respuesta del cliente.",
                "客户还没有回复。",
            ],
            "intune",
            Level::Poor,
        );
    }

    #[test]
    fn a_link_alone_beside_the_status_points_elsewhere() {
        assert_level_for(
            &[
                "New licences, see https://contoso.sharepoint.com/sites/FT/notes",
                "Neue Lizenzen, siehe https://contoso.sharepoint.com/sites/FT/notes",
                "Licencias nuevas, ver https://contoso.sharepoint.com/sites/FT/notes",
                "新许可，见 https://contoso.sharepoint.com/sites/FT/notes",
            ],
            "onedrive",
            Level::Poor,
        );
        // A pointer in brackets beside what the note says is an aside.
        assert_level_for(
            &[
                "Migration 60% done (see https://contoso.sharepoint.com/sites/m), rest by end of Jan.",
                "Migración 60 % hecha (ver https://contoso.sharepoint.com/sites/m), el resto a finales de enero.",
            ],
            "sharepoint",
            Level::Great,
        );
    }

    #[test]
    fn another_app_or_vendor_is_a_competitor_not_named() {
        assert_level_for(
            &[
                "Mobile seats: they use another mail app.",
                "Mobile Lizenzen: sie nutzen eine andere Mail-App.",
                "Puestos móviles: usan otra app de correo.",
                "移动端席位：他们用别的邮件应用。",
                "They moved to another vendor for endpoint protection.",
            ],
            "exchange-outlook-mobile",
            Level::Marginal,
        );
    }

    #[test]
    fn two_pieces_of_work_said_to_go_on_are_work_under_way_alone() {
        assert_level_for(
            &[
                "Edge rollout ongoing, IE mode list in progress",
                "Edge-Rollout läuft, IE-Modus-Liste in Arbeit",
                "despliegue de Edge en curso, lista del modo IE en proceso",
                "Edge推广中，IE模式列表在做",
            ],
            "edge",
            Level::Marginal,
        );
        // Where the work stands, said in words.
        assert_level_for(
            &["Edge rollout ongoing, IE mode site list built for the 14 intranet apps, testing with HR next"],
            "edge",
            Level::Great,
        );
    }

    #[test]
    fn a_spanish_future_says_in_one_word_what_english_says_in_two() {
        assert_level_for(
            &[
                "cust not responding, will retry",
                "Kunde reagiert nicht, versuche es erneut",
                "cliente no responde, reintentaré",
                "客户没回应，会再试",
            ],
            "teams",
            Level::Marginal,
        );
        // The status alone stays bare.
        assert_level_for(&["cliente no responde", "Blkd - sec"], "teams", Level::Poor);
    }

    #[test]
    fn a_status_beside_the_system_that_keeps_the_engagement_points_elsewhere() {
        assert_level_for(
            &[
                "IP – see Engagement Hub.",
                "IP – siehe Engagement Hub.",
                "IP – ver Engagement Hub.",
                "IP – 见Engagement Hub。",
                "Blocked, see tracker.",
            ],
            "exchange",
            Level::Poor,
        );
        // Beside what the note says, a ticket is a detail.
        assert_level_for(
            &["Blocked: the proxy drops Teams media at 40 branches, firewall change on 12/10, see ticket CHG-4411."],
            "teams",
            Level::Great,
        );
    }

    #[test]
    fn in_principle_is_a_hedge_but_not_beside_an_approval() {
        assert_graded_for(
            &[
                "In principle they're staying on Slack.",
                "Grundsätzlich bleiben sie bei Slack.",
                "En principio se quedan con Slack.",
                "原则上继续用Slack。",
                "Tiene pinta de que seguirán con SCCM.",
                "看样子会继续用SCCM。",
            ],
            Level::Marginal,
            ReasonCode::Hedge,
        );
        assert_level_for(
            &[
                "EXO migration budget approved in principle but money only released in new FY (July). Partner can't start w/o PO.",
                "EXO迁移预算原则上批了，但钱要到新财年（七月）才放，没有PO合作伙伴没法开工。",
                // On principle, beside a refusal.
                "Kunde lehnt die Cloud grundsätzlich ab: Patientendaten bleiben im eigenen Rechenzentrum.",
            ],
            "exchange",
            Level::Great,
        );
    }

    #[test]
    fn a_silence_dated_by_a_meeting_in_words_says_when_it_began_not_its_detail() {
        assert_level_for(
            &[
                "No sign of life since the October meeting.",
                "Seit dem Termin im Oktober kein Lebenszeichen.",
                "Sigue sin dar señales de vida desde la reunión de octubre.",
                "10月开完会之后就没动静了。",
            ],
            "exchange",
            Level::Marginal,
        );
        // Attempts counted, or the event since which no one answers, are its detail.
        assert_level_for(
            &[
                "No reply from the customer since the QBR on 10/12, 3 follow-up mails sent.",
                "Estaba en IP, pero sin contacto desde que el jefe de proyecto se fue en octubre; nadie responde. Vuelve a SU.",
            ],
            "exchange",
            Level::Great,
        );
    }

    #[test]
    fn leadership_not_interested_and_a_lack_put_aside_name_the_kind_alone() {
        assert_level_for(
            &[
                "Leadership isn't interested.",
                "Die Geschäftsleitung hat kein Interesse.",
                "A la dirección no le interesa.",
                "领导层对这个没兴趣。",
            ],
            "yammer",
            Level::Marginal,
        );
        assert_level_for(
            &[
                "On standby for lack of resources.",
                "En stand-by por falta de recursos.",
                "因为资源不够先放一放。",
            ],
            "onedrive",
            Level::Marginal,
        );
        assert_level_for(&["No le interesa."], "yammer", Level::Poor);
    }

    #[test]
    fn licences_just_arrived_and_a_talk_still_to_have_are_marginal() {
        assert_level_for(
            &[
                "Licences just arrived, still need to talk to them.",
                "Lizenzen gerade gekommen, müssen noch mit ihnen sprechen.",
                "Licencias recién llegadas, queda pendiente hablar con ellos.",
                "许可刚到，还没跟他们聊。",
            ],
            "teams",
            Level::Marginal,
        );
    }

    #[test]
    fn idle_licences_with_a_contact_unclear_and_a_bad_feeling_say_no_why() {
        assert_level_for(
            &[
                "Licences sitting idle, contact still unclear.",
                "Lizenzen liegen brach, Ansprechpartner noch unklar.",
                "Licencias sin usar, contacto todavía sin aclarar.",
                "许可闲置，对接人还不清楚。",
            ],
            "power-bi",
            Level::Marginal,
        );
        assert_level_for(
            &[
                "Privacy folks have a bad feeling about it.",
                "Datenschutz hat Bauchschmerzen.",
                "A los de privacidad no les convence.",
                "隐私那边心里没底。",
            ],
            "exchange-outlook-mobile",
            Level::Marginal,
        );
    }

    #[test]
    fn not_for_now_said_by_the_customer_is_a_bare_status_with_a_hedge() {
        assert_level_for(
            &[
                "Customer says not for now.",
                "Kunde sagt, vorerst nicht.",
                "El cliente dice que por ahora no.",
                "客户说先不搞。",
            ],
            "yammer",
            Level::Poor,
        );
        // Work said to go on, said by someone, is still work going on.
        assert_level_for(
            &[
                "Kunde sagt, es ist in Bearbeitung",
                "el cliente dice que está en curso",
            ],
            "sharepoint",
            Level::Marginal,
        );
    }

    #[test]
    fn nobody_reached_beside_a_new_plan_and_security_not_quite_at_ease_say_no_why() {
        assert_level_for(
            &[
                "Newly bought P1, haven't got hold of anyone yet.",
                "Neu gekauftes P1, noch niemanden erwischt.",
                "P1 recién comprado, todavía no hemos dado con nadie.",
                "新买的P1，还没对接上人。",
            ],
            "aadp",
            Level::Marginal,
        );
        assert_level_for(
            &[
                "Security isn't quite comfortable with it.",
                "Die Security ist noch nicht ganz überzeugt.",
                "安全部门不太放心。",
            ],
            "mcas",
            Level::Marginal,
        );
        // Whom it does not convince, and why, is the reason.
        assert_level_for(
            &["CSO not comfortable with executives' data in the cloud"],
            "onedrive",
            Level::Great,
        );
    }

    #[test]
    fn a_meeting_named_only_as_when_details_come_is_details_promised() {
        assert_graded_for(
            &[
                "We had several good conversations with the customer over the last weeks and they are generally positive about Teams. The project team is working on it and we will continue to support them; more details once we have the next meeting with them.",
                "Tuvimos varias buenas conversaciones con el cliente estas semanas y en general ven Teams con buenos ojos. El equipo del proyecto está en ello y seguiremos apoyando; más detalles tras la próxima reunión.",
                "最近几周和客户聊了几次，整体对Teams态度积极。项目组在推进，我们会继续支持；下次开会后再补充细节。",
            ],
            Level::Marginal,
            ReasonCode::NoReason,
        );
        // A meeting instead of the intent is still logistics.
        assert_graded_for(
            &["Meeting with the customer next week."],
            Level::Poor,
            ReasonCode::Logistics,
        );
    }

    #[test]
    fn a_decision_still_to_take_is_no_reason_and_a_need_asked_about_no_cause() {
        assert_graded_for(
            &[
                "Customer still deciding whether they need PBI.",
                "Kunde entscheidet noch, ob er PBI braucht.",
                "El cliente aún decide si necesita PBI.",
                "客户还在决定要不要PBI。",
                "New MCAS seats, customer evaluating whether to use it.",
                "Neue MCAS-Lizenzen, Kunde prüft, ob er es nutzt.",
                "Licencias nuevas de MCAS, el cliente evalúa si lo usará.",
            ],
            Level::Marginal,
            ReasonCode::VagueReason,
        );
        assert_graded_for(
            &["Möglicherweise ein Duplikat, wird geprüft."],
            Level::Marginal,
            ReasonCode::Hedge,
        );
        // What the decision waits for is its why.
        assert_level_for(
            &["cust merged with another co in Oct, new board still deciding on collab platform, nothing before Q2"],
            "teams",
            Level::Great,
        );
    }

    #[test]
    fn a_matter_of_security_that_keeps_it_stuck_is_the_kind_alone() {
        assert_level_for(
            &[
                "blkd bc of sec stuff",
                "blockiert wg. Sicherheitsthemen",
                "bloqueado x temas d seguridad",
                "因为安全的事卡着",
            ],
            "exchange",
            Level::Marginal,
        );
        // A competitor named by its maker is named.
        assert_level_for(
            &["用Workplace（Meta）到2026年年中合同结束，之前不考虑yammer"],
            "yammer",
            Level::Great,
        );
    }

    #[test]
    fn onboarding_said_to_go_on_in_spanish_and_chinese_is_in_progress_alone() {
        assert_level_for(
            &[
                "MDE onboarding ongoing.",
                "MDE-Onboarding läuft.",
                "Incorporación de MDE en curso.",
                "MDE接入进行中。",
            ],
            "microsoft-defender-atp",
            Level::Marginal,
        );
    }

    #[test]
    fn users_getting_used_to_it_and_a_service_being_configured_are_marginal() {
        assert_level_for(
            &[
                "Users are slowly getting used to OneDrive.",
                "Die Nutzer gewöhnen sich langsam an OneDrive.",
                "Los usuarios se van acostumbrando poco a poco a OneDrive.",
                "用户在慢慢习惯OneDrive。",
                "Intune being configured.",
                "Intune en configuración.",
            ],
            "onedrive",
            Level::Marginal,
        );
    }

    #[test]
    fn the_legal_department_named_alone_is_as_bare_as_legal() {
        // The kind in one word, whatever the language calls it (set 432).
        assert_graded_for(
            &["Blocked - legal.", "受阻：法务。", "Bloqueado: jurídico."],
            Level::Poor,
            ReasonCode::BareStatus,
        );
        // A German compound counts as the words English needs ("legal dept."), and who
        // blocks it beside the status is a kind named, not a bare status.
        assert_level_for(
            &[
                "Blockiert – Rechtsabteilung.",
                "Blocked - legal dept.",
                "Blocked by legal.",
            ],
            "exchange",
            Level::Marginal,
        );
    }

    #[test]
    fn nobody_at_the_top_driving_it_is_a_sponsor_lacking_and_no_more() {
        assert_level_for(
            &[
                "Nobody in management is pushing it.",
                "Niemand aus der Geschäftsleitung treibt es voran.",
                "Nadie de la dirección lo empuja.",
                "管理层没人推。",
                "No intent, nobody in the business will sponsor Yammer.",
                // Still open, as idioms say it, adds nothing (set 433).
                "It's up in the air, nobody in management is pushing it.",
                "Lo tienen en veremos, nadie de la dirección lo empuja.",
                "八字还没一撇，管理层没人推。",
            ],
            "power-bi",
            Level::Marginal,
        );
        // What they see, or why nobody takes it on, is the reason.
        assert_level_for(
            &[
                "Nobody in management sees value in dashboards.",
                "No sponsor from the business side; HR and Comms both said it's not their mandate.",
            ],
            "power-bi",
            Level::Great,
        );
    }

    #[test]
    fn a_meeting_that_fell_through_is_logistics() {
        assert_graded_for(
            &["The meeting fell through.", "会黄了。"],
            Level::Poor,
            ReasonCode::Logistics,
        );
    }

    #[test]
    fn capacity_lacking_and_progress_drifting_said_by_idioms_are_general_words() {
        assert_level_for(
            &[
                "Die IT hat gerade keinen Kopf dafür.",
                "TI ahora mismo no tiene cabeza para esto.",
                "IT现在顾不上这个。",
            ],
            "sharepoint",
            Level::Marginal,
        );
        assert_level_for(
            &[
                "Rollout dümpelt vor sich hin, Nutzung eher mau.",
                "El despliegue va a trancas y barrancas, el uso es más bien flojo.",
            ],
            "teams",
            Level::Marginal,
        );
        // What keeps IT busy is the reason (set 434).
        assert_level_for(
            &["Die IT hat keinen Kopf dafür, sie steckt bis März in der SAP-Umstellung."],
            "sharepoint",
            Level::Great,
        );
    }

    #[test]
    fn a_contact_gone_quiet_is_the_bare_status_and_a_local_cloud_drive_no_rival_named() {
        assert_graded_for(
            &[
                "Contact's gone quiet.",
                "Ansprechpartner rührt sich nicht.",
                "El contacto no da señales.",
                "对接人没动静。",
            ],
            Level::Poor,
            ReasonCode::BareStatus,
        );
        // Since when, and what was tried, is the detail (set 435).
        assert_level_for(
            &["Gone quiet since the workshop on 3 Nov, 2 mails unanswered."],
            "intune",
            Level::Great,
        );
        assert_level_for(
            &[
                "Customer uses a local cloud drive, not planning to switch.",
                "Kunde nutzt einen lokalen Cloud-Speicher, kein Wechsel geplant.",
                "El cliente usa un disco en la nube local, no piensa cambiar.",
                "客户用国内的网盘，不打算换。",
            ],
            "onedrive",
            Level::Marginal,
        );
    }

    #[test]
    fn a_weekly_held_as_usual_beside_work_that_goes_on_is_logistics() {
        assert_graded_for(
            &[
                "Weekly wie gewohnt, gute Stimmung, der Kunde ist mit dem Partner und dem Verlauf insgesamt zufrieden. Die Migration läuft weiter, einige offene Punkte wurden besprochen und werden nachverfolgt. Nächstes Weekly nächsten Donnerstag, Protokoll verschickt.",
                "Sync semanal como siempre, buen ambiente, el cliente está contento con el partner y con cómo va todo en general. La migración sigue, se comentaron algunos puntos abiertos a los que se dará seguimiento. Próximo sync el jueves que viene, acta enviada.",
            ],
            Level::Marginal,
            ReasonCode::Logistics,
        );
    }

    #[test]
    fn new_seats_and_a_contact_still_to_find_are_marginal() {
        assert_level_for(
            &[
                "EMS E3 new, need to find contact",
                "EMS E3 neu, Ansprechpartner muss noch gefunden werden",
                "EMS E3 nuevo, falta encontrar contacto",
                "EMS E3新购，还得找对接人",
            ],
            "intune",
            Level::Marginal,
        );
    }

    #[test]
    fn a_guess_at_a_wrong_row_is_hedged_and_a_service_bought_new_is_bare() {
        assert_graded_for(&["应该是行弄错了。"], Level::Marginal, ReasonCode::Hedge);
        assert_level_for(&["PBI新买的。", "New PBI."], "power-bi", Level::Poor);
    }

    #[test]
    fn no_owner_on_the_business_side_is_a_sponsor_lacking_and_work_going_on_is_marginal() {
        assert_level_for(
            &[
                "No owner for Yammer on the business side.",
                "Kein Verantwortlicher für Yammer auf Business-Seite.",
                "Nadie de negocio se hace cargo de Yammer.",
                "业务侧没人负责Yammer。",
            ],
            "yammer",
            Level::Marginal,
        );
        // "在做" is work going on, as "在弄" is: In Progress alone (set 440).
        assert_level_for(
            &["在做。", "Ongoing.", "Läuft.", "En marcha."],
            "exchange",
            Level::Marginal,
        );
    }

    #[test]
    fn no_issues_for_now_is_how_the_work_went_and_no_hedge() {
        assert_level_for(
            &[
                "Migración: 1.100 de 1.500 buzones movidos; por ahora sin incidencias, los últimos 400 el 20/01.",
                "迁移：1500个邮箱已迁1100个，目前没出问题，最后400个1月20日迁。",
            ],
            "exchange",
            Level::Great,
        );
        // The hedge on the status itself still is one, a comma away from no issues too
        // (set 441).
        assert_graded_for(
            &[
                "Parado de momento, TI está con otras prioridades.",
                "暂时还用Zoom，续约时再看。",
                "Blocked for now, no issues with the network though, waiting on the CISO.",
            ],
            Level::Marginal,
            ReasonCode::Hedge,
        );
    }

    #[test]
    fn a_check_in_to_come_is_a_follow_up_and_no_more() {
        // D332: as "IP – f/u w/ cust nxt wk." is poor (D281).
        assert_graded_for(
            &[
                "in progress, checking in next wk",
                "läuft, melde mich nächste Woche",
                "en curso, vuelvo a consultar la semana que viene",
                "进行中，下周再跟进",
            ],
            Level::Poor,
            ReasonCode::Logistics,
        );
    }

    #[test]
    fn legal_still_reviewing_a_named_contract_is_no_answer_pending() {
        // D332: "prüft noch" said of the contract reviewed is the cause, as in English.
        assert_level_for(
            &[
                "Works council no longer objects, but legal is still reviewing the data processing addendum, expected Feb",
                "Betriebsrat hat keine Einwände mehr, aber die Rechtsabteilung prüft noch den AV-Vertrag, Ergebnis im Feb. erwartet",
            ],
            "sharepoint",
            Level::Great,
        );
        assert_level_for(&["Blockiert – Legal prüft noch."], "teams", Level::Marginal);
    }

    #[test]
    fn a_contact_no_longer_at_the_company_is_why_nobody_answers() {
        // D332.
        assert_level_for(
            &[
                "Contact no longer at the company, every mail bounces, no new owner named yet",
                "Ansprechpartner nicht mehr im Unternehmen, alle Mails kommen zurück, noch kein Nachfolger benannt",
                "El contacto ya no está en la empresa, todos los correos rebotan, aún no hay nuevo responsable",
            ],
            "power-bi",
            Level::Great,
        );
    }

    #[test]
    fn still_blocked_in_any_order_is_bare() {
        // D332.
        assert_graded_for(
            &[
                "Still blocked.",
                "Immer noch blockiert.",
                "Noch immer blockiert.",
                "Sigue bloqueado.",
            ],
            Level::Poor,
            ReasonCode::BareStatus,
        );
    }

    #[test]
    fn a_silence_of_over_a_month_is_counted() {
        // D333: a month and more, in words, is a figure of the silence.
        assert_level_for(
            &[
                "Their IT manager ignores WeChat messages and doesn't pick up the phone, for over a month now",
                "Deren IT-Manager antwortet nicht auf WeChat und geht nicht ans Telefon, seit über einem Monat",
                "Su jefe de TI no contesta por WeChat ni coge el teléfono, desde hace más de un mes",
                "对方IT经理微信不回、电话不接，已经一个多月了",
            ],
            "intune",
            Level::Great,
        );
    }

    #[test]
    fn moving_forward_alone_is_work_under_way_alone() {
        // D333: as "Ongoing." and "Avanzando." are marginal.
        assert_level_for(
            &["Moving forward.", "Geht voran.", "Avanzando.", "推进中。"],
            "intune",
            Level::Marginal,
        );
    }

    #[test]
    fn waiting_until_they_decide_or_sort_things_out_names_nothing() {
        // D333: as "Blocked until the merger completes." is marginal.
        assert_graded_for(
            &[
                "Blocked until they decide.",
                "Stuck on the customer side, waiting until they sort things out internally",
                "Hängt beim Kunden, warten, bis die intern alles geklärt haben",
                "Atascado del lado del cliente, esperando a que se organicen internamente",
                "客户那边卡着，等他们内部理顺了再说",
            ],
            Level::Marginal,
            ReasonCode::VagueReason,
        );
    }

    #[test]
    fn the_teams_that_might_own_it_named_one_by_one_say_no_more_than_nobody_owns_it() {
        // D334: as "No owner for Yammer on the business side" is marginal (D321).
        assert_graded_for(
            &[
                "Weder HR noch Kommunikation will Yammer übernehmen",
                "人力和内宣都没人愿意接Yammer",
            ],
            Level::Marginal,
            ReasonCode::VagueReason,
        );
        assert_level_for(&["HR sees no value in Yammer"], "yammer", Level::Great);
    }

    #[test]
    fn the_status_unchanged_beside_a_pointer_to_the_last_note_is_a_reference() {
        // D335.
        assert_graded_for(
            &[
                "IP, status unchanged, see last note.",
                "En curso, estado sin cambios, ver la nota anterior.",
                "进行中，状态没变，见上一条备注。",
            ],
            Level::Poor,
            ReasonCode::Reference,
        );
    }

    #[test]
    fn blocked_and_recht_alone_is_as_bare_as_blocked_legal() {
        // D338: "Recht" names the kind, as "legal" and "jurídico" do (D320).
        assert_graded_for(
            &["Blockiert, Recht.", "Blocked, legal.", "Bloqueado, legal."],
            Level::Poor,
            ReasonCode::BareStatus,
        );
        assert_level_for(&["Blockiert – Rechtsabteilung."], "teams", Level::Marginal);
    }

    #[test]
    fn not_reached_and_no_more_is_the_bare_status() {
        // D339: as "No response." and "联系不上。" are poor.
        assert_graded_for(
            &[
                "Couldn't reach them.",
                "Could not reach the customer.",
                "没联系上。",
            ],
            Level::Poor,
            ReasonCode::BareStatus,
        );
    }

    #[test]
    fn a_mail_sent_and_a_look_to_come_say_no_why() {
        // D344: a mail sent, and nothing of what came of it, is engagement logistics.
        assert_graded_for(
            &[
                "Sent mail 02/12.",
                "Correo enviado el 02/12.",
                "12/2已发邮件。",
            ],
            Level::Poor,
            ReasonCode::Logistics,
        );
        // A look at where the rollout stands to come says no more than that it goes on.
        assert_level_for(
            &[
                "Rollout en curso, reviso el estado la semana que viene",
                "Rollout ongoing, will check status next week",
            ],
            "teams",
            Level::Marginal,
        );
        // "Por ahora" after a part counted of its whole is how far it has come, no hedge.
        assert_level_for(
            &[
                "El cliente de sincronización de OneDrive se despliega con el nuevo paquete de M365 Apps, 1.200 de 3.000 PCs por ahora",
            ],
            "onedrive",
            Level::Great,
        );
        assert!(super::after_a_part_of_a_whole(
            "migrados 1.200 de 3.000 pcs "
        ));
        assert!(!super::after_a_part_of_a_whole(
            "1.200 de 3.000 pcs, bloqueado "
        ));
    }

    #[test]
    fn the_first_call_beside_new_seats_and_no_need_are_reasons() {
        // D345: the first call is the introduction, beside the seats that came.
        assert_level_for(
            &[
                "Nicht unresponsive – die Teams-Phone-Seats kamen erst letzte Woche mit dem E5-Upgrade, erster Call am 14.12.",
                "Not unresponsive - the Teams Phone seats only landed last week with the E5 upgrade, first call set for 14/12",
            ],
            "teams",
            Level::Great,
        );
        assert_level_for(
            &["Nadie está en contra de Yammer, simplemente no hay necesidad: 120 empleados en un edificio, se hablan en persona"],
            "yammer",
            Level::Great,
        );
    }

    #[test]
    fn an_owner_not_decided_beside_new_seats_counted_is_no_vague_reason() {
        // D346: the seats counted are why the intent is not known yet.
        assert_level_for(
            &["AIP P2 seats added via CSP last week (300), partner says customer hasn't decided who owns labelling yet; call with CISO on 16/12"],
            "aip",
            Level::Great,
        );
        // A call held with its date is no count of seats: still an answer to come.
        assert_level_for(
            &["Call held with the IT lead on 3 Dec, they will get back to us."],
            "sharepoint",
            Level::Marginal,
        );
    }

    #[test]
    fn a_templates_field_names_and_a_silence_kept_as_a_log() {
        // D348: "Reason:" names a field, and says no reason.
        assert_level_for(
            &[
                "Status: In Progress | Reason: deployment | Next: follow up",
                "Status: In Bearbeitung | Grund: Deployment | Nächstes: nachhaken",
            ],
            "windows-10",
            Level::Poor,
        );
        assert!(super::names_a_field(
            "status: blocked | reason: proxy",
            "reason"
        ));
        assert!(!super::names_a_field("blocked, reason unknown", "reason"));
        // The older entries of a silence kept as a log are the attempts counted.
        assert_level_for(
            &[
                "[01/12] 3rd reminder sent, no reply. [15/11] 2nd reminder. [01/11] intro mail to IT lead - unmanaged account",
                "[12/01] 第3次提醒已发，没回复。[11/15] 第2次提醒。[11/01] 给IT负责人发了介绍邮件——非托管客户",
            ],
            "intune",
            Level::Great,
        );
    }

    #[test]
    fn a_time_beside_the_status_says_no_why() {
        for note in [
            "Invalid now",
            "Jetzt ungültig",
            "Ahora no válido",
            "现在无效",
            // A pointer elsewhere says no more.
            "Invalid entitlement, see notes on tenant",
            "Ungültige Berechtigung, siehe Notizen am Tenant",
            "Derecho no válido, ver notas del tenant",
            "无效权益，见租户备注",
        ] {
            assert_eq!(grade(note).0, Level::Poor, "{note}");
        }
    }

    #[test]
    fn a_measure_taken_meanwhile_is_no_hedge() {
        let (_, reasons) = grade(
            "在Power BI的DLP策略到位之前，安全部门不允许发布到Web和外部共享；租户设置暂时锁定。",
        );
        assert!(!reasons.contains(&ReasonCode::Hedge));
        let (level, reasons) = grade("暂时不部署Teams。");
        assert_ne!(level, Level::Great);
        assert!(reasons.contains(&ReasonCode::Hedge) || reasons.contains(&ReasonCode::BareStatus));
    }

    #[test]
    fn information_promised_for_later_is_none() {
        for note in [
            "Win10 upgrade ongoing, more info next week.",
            "Actualización a Win10 en curso, más información la semana que viene.",
            "Win10部署进行中，下周再补充信息。",
        ] {
            let s = engine().suggest(note, Service::resolve("windows-10"));
            assert_eq!(s.grade.level, Level::Marginal, "{note}");
        }
    }

    #[test]
    fn not_that_far_yet_is_no_answer_yet() {
        for note in [
            "Die Anwender sind noch nicht so weit.",
            "Kunde ist noch nicht so weit.",
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, Level::Marginal, "{note}");
            assert!(reasons.contains(&ReasonCode::VagueReason), "{note}");
        }
    }

    #[test]
    fn a_tool_not_wanted_is_no_rival_in_use() {
        let note = "No le ven valor añadido: la revista interna y los canales de Teams cubren la comunicación interna, la dirección no quiere otra herramienta.";
        assert_eq!(grade(note).0, Level::Great);
        // A rival in use and not named is still the kind of the reason only (D108).
        let (level, reasons) = grade("Uses another tool and is happy with it.");
        assert_eq!(level, Level::Marginal);
        assert!(reasons.contains(&ReasonCode::VagueReason));
    }

    #[test]
    fn nothing_known_yet_and_no_reply_are_no_reason() {
        for note in [
            "new W10 E3 SKU, no info yet",
            "SKU W10 E3 nueva, sin info aún",
        ] {
            let s = engine().suggest(note, Service::resolve("windows-10"));
            assert_eq!(s.grade.level, Level::Marginal, "{note}");
        }
        for note in [
            "Customer doesn't get back to us.",
            "El cliente no nos contesta.",
        ] {
            assert_eq!(grade(note).0, Level::Poor, "{note}");
        }
    }

    #[test]
    fn kinds_joined_by_slashes_are_the_guidances_poor_note_however_spelled() {
        for note in [
            "Can't deploy because of cloud/legal issues.",
            "Kann wegen Cloud-/Rechtsthemen nicht eingeführt werden.",
            "No se puede desplegar por temas de nube/legales.",
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, Level::Poor, "{note}");
            assert!(reasons.contains(&ReasonCode::VagueReason), "{note}");
        }
        // A heading of the status's kinds is not a reason: what follows it is.
        for note in [
            "Blocked - Legal/Regulatory: client data must stay in Switzerland (FINMA circular)",
            "Blockiert – Sicherheit/Datenschutz: Veto des CISO gegen HR-Dateien in der Cloud",
        ] {
            assert_eq!(grade(note).0, Level::Great, "{note}");
        }
    }

    #[test]
    fn a_regulation_or_a_network_problem_not_named_is_the_kind_only() {
        for note in [
            "OneDrive won't be deployed because of a regulation.",
            "OneDrive no se desplegará por una normativa.",
            "Teams wegen Netzwerkproblemen blockiert.",
        ] {
            let (level, reasons) = grade(note);
            assert_eq!(level, Level::Marginal, "{note}");
            assert!(reasons.contains(&ReasonCode::VagueReason), "{note}");
        }
    }

    #[test]
    fn the_language_of_a_note_is_recognised() {
        use entrack_core::Lang;
        assert_eq!(super::detect("Der Kunde hat keine Absicht"), Lang::De);
        assert_eq!(
            super::detect("El cliente no responde a los correos"),
            Lang::Es
        );
        assert_eq!(super::detect("The customer has no intent"), Lang::En);
        assert_eq!(super::detect("客户无响应"), Lang::Zh);
    }
}
