//! Suggest: reads a status note and the service it is about, proposes L1/L2/L3 ranked by
//! score, and grades the note (great, marginal, poor) with the reasons found. Offline and
//! deterministic, in English, German, Spanish and Chinese.
//!
//! Two kinds of evidence add up for each status:
//! * cues: words and phrases that point to it, per language (`data/cues.json`), weighted by
//!   how specific they are (longer phrases weigh more);
//! * a naive Bayes model over words and, for Chinese, characters and character pairs, trained
//!   when the engine loads from the labelled notes in `data/train.jsonl` (thousands, in four
//!   languages; one scenario in five goes to the development set `data/dev.jsonl` instead,
//!   never trained on; `bench/suggest/split.py` files new notes).
//!
//! The grade follows the playbook's notes guidance: a note states the intent and the reason
//! for it, concretely, in a sentence or two, without hedges and without engagement logistics.

mod eval;
mod gate;
mod grade;
mod text;

pub use eval::{evaluate, evaluate_with, Evaluation, LabelledNote, Metrics, Miss};
pub use gate::{poor, row_note_json, suggestion_json, NoteGate, RowNote};
pub use grade::{detect, message_key, Grade, Level, Reason, ReasonCode};

use entrack_core::taxonomy::{Service, L1, L2, L3};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// One proposed status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    #[serde(serialize_with = "ser_l1")]
    pub l1: L1,
    #[serde(serialize_with = "ser_l2")]
    pub l2: Option<L2>,
    #[serde(serialize_with = "ser_l3")]
    pub l3: Option<L3>,
    /// Relative confidence in 0..=1: a share of all the statuses a note could have, so
    /// the (at most five) proposals add up to 1 or less.
    pub score: f32,
}

fn ser_l1<S: serde::Serializer>(v: &L1, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v.code())
}
fn ser_l2<S: serde::Serializer>(v: &Option<L2>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_str(v.code()),
        None => s.serialize_none(),
    }
}
fn ser_l3<S: serde::Serializer>(v: &Option<L3>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_str(v.code()),
        None => s.serialize_none(),
    }
}

/// What Suggest says of a note.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub grade: Grade,
    /// Best first; at most five.
    pub proposals: Vec<Proposal>,
}

/// A status class: an L2, or an L1 that has none (Duplicate/Invalid).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Class {
    l1: L1,
    l2: Option<L2>,
}

impl Class {
    fn parse(s: &str) -> Option<Class> {
        let (l1, l2) = match s.split_once('/') {
            Some((a, b)) => (a, Some(b)),
            None => (s, None),
        };
        let l1 = L1::from_code(l1)?;
        let l2 = match l2 {
            Some(c) => Some(l1.l2s().find(|x| x.code() == c)?),
            None => None,
        };
        Some(Class { l1, l2 })
    }
}

#[derive(Debug)]
struct Cue {
    text: String,
    /// Its pattern in the engine's matcher.
    id: usize,
    weight: f32,
    /// Must end at a word boundary too (short Latin cues).
    whole: bool,
    /// May start inside a word: written with a leading `~` in `data/cues.json`, for the
    /// ends of German compounds.
    inner: bool,
    /// Says little more than its L1 (written with a leading `?`): weighs little and
    /// does not make the note specific.
    faint: bool,
    /// The patterns of the longer cues of its list that begin with it ("licencias" for
    /// "licencia"), and of the cues of other statuses that hold it ("network not ready" for
    /// "not ready"): where one of those is found in the note, this one adds nothing.
    longer: Vec<usize>,
}

#[derive(Debug)]
struct L3Cues {
    l3: L3,
    cues: Vec<Cue>,
}

/// The loaded engine: cues, the trained model and the vocabulary the grade needs.
pub struct Engine {
    classes: Vec<Class>,
    cues: Vec<Vec<Cue>>,
    l3: HashMap<L2, Vec<L3Cues>>,
    /// Per L2, each L3 (but "other") with the patterns of its English name and of the one
    /// word of it that can stand for the name.
    l3_names: HashMap<L2, Vec<(L3, usize, Option<usize>)>>,
    /// Every cue, name and word list entry, found in one pass over a note.
    matcher: text::Matcher,
    l1: Vec<(L1, Vec<Cue>)>,
    /// Words that say the work was stopped ("paused the migration", "Rollout gestoppt"),
    /// and words that say it started again.
    halts: Vec<Cue>,
    resumes: Vec<Cue>,
    /// Words for a partner and for the customer: who does not answer.
    partners: Vec<Cue>,
    customers: Vec<Cue>,
    /// Words for a network too weak for the cloud.
    network_limits: Vec<Cue>,
    /// Work reported done, and what stands in the way (D102).
    done: Vec<Cue>,
    obstacles: Vec<Cue>,
    /// The partner as the way to reach the customer.
    partner_channels: Vec<Cue>,
    /// Microsoft's own server products, by name (D103).
    microsoft_on_premises: Vec<Cue>,
    /// The vocabulary of the cues and the training notes, to read slips of the keyboard.
    speller: text::Speller,
    /// The classes the engine's own rules speak of: an unresponsive customer, partner
    /// engagement, a competitive solution.
    unresponsive: Option<usize>,
    partner_engagement: Option<usize>,
    competitive: Option<usize>,
    product_gap: Option<usize>,
    /// Staying on-premises, and the infrastructure to remediate: a network too weak for
    /// the cloud is the block, staying on-premises its consequence.
    on_premises: Option<usize>,
    infrastructure: Option<usize>,
    /// Executive sponsorship: no value seen is the competitor's where one is named.
    sponsorship: Option<usize>,
    /// IT change management and resourcing: the partner's where the note is about it.
    resourcing: Option<usize>,
    /// Migration: where the note leaves the competitor it names.
    migration: Option<usize>,
    /// Legal/Regulatory and Adoption Readiness: a staff body's objection to what a
    /// service sends home is the service's privacy (D253).
    legal: Option<usize>,
    readiness: Option<usize>,
    /// Words that say the competitor is being left.
    leaving: Vec<Cue>,
    /// Phrases that dismiss what their clause names, normalised; `true` where the phrase
    /// must end the clause.
    dismissals: Vec<(String, bool)>,
    /// Phrases that tell a block as past ("was blocked", "estuvo bloqueado", "之前因").
    past_blocks: Vec<Cue>,
    /// Naive Bayes: log prior and per-feature log likelihoods per class (a feature
    /// never seen in training says nothing).
    prior: Vec<f32>,
    likelihood: HashMap<String, Vec<f32>>,
    grade: grade::Vocabulary,
    /// The L1 names in every language (and the codes), normalised: a note that opens with
    /// one ("Blockiert: …") has said its L1.
    labels: Vec<(String, L1)>,
}

/// What a note's opening L1 name (or a short heading's last one) adds to every status
/// under that L1: more than any sum of phrases, so the FM's own word for the status
/// decides the L1 and the phrases choose the L2 within it.
const LABEL_BONUS: f32 = 40.0;
/// What a competitor named by its product adds to "using a competitive solution".
const NAMED_BONUS: f32 = 1.0;
/// What a note that says the row is not blocked ("not blocked", "nicht mehr blockiert",
/// "ya no está bloqueado", "未受阻") takes from every Blocked status (D290).
const DENIED_PENALTY: f32 = 3.0;
/// The words that deny the Blocked status, as normalised notes spell them.
const BLOCK_DENIALS: &[&str] = &[
    "not blocked",
    "no longer blocked",
    "nicht blockiert",
    "nicht mehr blockiert",
    "no esta bloquead",
    "未受阻",
    "没受阻",
    "没有受阻",
    "不再受阻",
];
/// What a competitor left, with work reported done, adds to the migration: more than the
/// word model knows of the competitor's name (D245).
const LEAVING_BONUS: f32 = 6.0;
/// The weight of a product gap named by its L3, in a note with words of a block (see
/// `names_a_gap`, D120).
const GAP_BONUS: f32 = 3.0;

/// The weight of an L3 that only some services have, named by its cue for the note's
/// service, in a note with words of its L1 (see `names_a_service_l3`, D183, D194, D199).
const SERVICE_L3_BONUS: f32 = 6.0;

/// The bonus of Product/Feature Capability where the note says what the product itself
/// cannot do ("EXO can't do the pinning"), in a note with words of a block (D130).
const CANNOT_BONUS: f32 = 8.0;
/// Competitors' names that are everyday words too ("line of business").
const COMMON_NAMES: &[&str] = &["line"];

/// Words that say the work stopped, read as naming Blocked when a note opens with them or
/// a short heading ends with them; anywhere else in a note they are halts (with the cue
/// file's `halts`).
/// Work reported done or set up (whole words; Chinese anywhere).
const DONE: &[&str] = &[
    // Approval given: the review that blocked is past (D255).
    "signed off",
    "approved",
    "freigegeben",
    "aprobó",
    "aprobado",
    "已批准",
    "done",
    "configured",
    "completed",
    "complete",
    "live",
    "deployed",
    "rolled out",
    "upgraded",
    "enrolled",
    "migrated",
    "moved",
    "set up",
    "enabled",
    "installed",
    "published",
    "provisioned",
    "tested",
    "created",
    "erledigt",
    "angelegt",
    "erstellt",
    "fertig",
    "konfiguriert",
    "abgeschlossen",
    "ausgerollt",
    "verteilt",
    "aktualisiert",
    "migriert",
    "umgezogen",
    "eingerichtet",
    "aktiviert",
    "installiert",
    "bereitgestellt",
    "getestet",
    "hecho",
    "hechos",
    "hecha",
    "hechas",
    "listo",
    "listos",
    "lista",
    "listas",
    "configurado",
    "configurados",
    "configuradas",
    "configurada",
    "completado",
    "desplegado",
    "desplegados",
    "desplegada",
    "actualizado",
    "actualizados",
    "migrado",
    "migrados",
    "movidos",
    "activas",
    "activos",
    "habilitado",
    "instalado",
    "publicado",
    "probado",
    "probada",
    "creado",
    "creados",
    "creadas",
    "已完成",
    "完成了",
    "已配置",
    "配置好",
    "已上线",
    "上线了",
    "已升级",
    "已迁",
    "已切换",
    "已重建",
    "已部署",
    "已运行",
    "已启用",
    // "已为IT和财务启用": done for whom, the verb after them.
    "built",
    "montado",
    "montó",
    "搭好",
    "已为",
    "已建好",
    "已创建",
    "建好",
    "已开通",
    "已安装",
    "已发布",
    "已测试",
    // Rooms and sites fitted out (D216).
    "equipped",
    "ausgestattet",
    "equipado",
    "equipados",
    "equipada",
    "equipadas",
    "已装",
];

/// What stands in the way, in any of its forms: a word start, or with a trailing | the
/// whole word; Chinese anywhere. Each list is found with the cues, in one pass.
const OBSTACLES: &[&str] = &[
    "block",
    "stuck",
    "wait",
    "until|",
    "till|",
    "can't",
    "cannot",
    "can not",
    "unable",
    "won't",
    "not|",
    "no|",
    "never",
    "need",
    "must",
    "requir",
    "pending",
    "hold|",
    "paus",
    "stop",
    "fail",
    "issue",
    "problem",
    "risk",
    "concern",
    "lack",
    "missing",
    "delay",
    "before|",
    "only after",
    "halt",
    "freez",
    "frozen",
    "postpon",
    "blockier",
    "wart",
    "erst|",
    "nicht|",
    "kein",
    "muss",
    "müss",
    "brauch",
    "benötig",
    "fehl",
    "stopp",
    "pausier",
    "verzög",
    "verschob",
    "ausstehend",
    "offen|",
    "hängt",
    "scheitert",
    "vorher|",
    "bevor|",
    "bloque",
    "esper",
    "hasta que",
    "falta",
    "necesit",
    "debe",
    "tiene que",
    "tienen que",
    "parad",
    "detenid",
    "retras",
    "pendiente",
    "sin|",
    "frena",
    "trabad",
    "impid",
    "阻",
    "卡",
    "等",
    "不",
    "没",
    "无法",
    "需要",
    "必须",
    "问题",
    "暂停",
    "停",
    "延迟",
    "缺",
    "未",
    "冻结",
    "eingefroren",
    "congelad",
];

/// Words for a partner: where the note speaks of one and not of the customer, silence is
/// the partner's ("Several attempts by the FM to reach the partner, no response").
const PARTNERS: &[&str] = &[
    "partner|",
    "partners|",
    "umsetzungspartner",
    "implementierungspartner",
    "projektpartner",
    "dienstleistungspartner",
    "migrationspartner",
    "servicepartner",
    "lizenzpartner",
    "伙伴",
    "frp|",
    "reseller",
    // A managed service provider running the customer's IT is its partner.
    "msp|",
    "integrator",
    "integrador",
    "dienstleister",
    "systemhaus",
    "socio|",
    "合作伙伴",
    "服务商",
    "集成商",
    "代理商",
    // A consultancy engaged to run the project is its partner.
    "consultancy",
    "beratungshaus",
    "beratungsfirma",
    "consultora",
    "咨询公司",
];

/// A cue found inside a longer cue of another status ("not ready" inside "network not
/// ready", "没准备好" inside "网络没准备好") is that cue's evidence, not its own: each cue's
/// text, read by the matcher as a note, gives the cues of other statuses it holds, and
/// those add it to their `longer`.
fn hold_across_statuses(cues: &mut [Vec<Cue>], matcher: &text::Matcher) {
    let mut at: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
    for (class, list) in cues.iter().enumerate() {
        for (i, q) in list.iter().enumerate() {
            at.entry(q.id).or_default().push((class, i));
        }
    }
    let mut held = Vec::new();
    for (class, list) in cues.iter().enumerate() {
        for q in list {
            for id in matcher.ids_in(&q.text) {
                for &(other, i) in at.get(&id).into_iter().flatten() {
                    if other != class && id != q.id {
                        held.push((other, i, q.id));
                    }
                }
            }
        }
    }
    for (class, i, holder) in held {
        cues[class][i].longer.push(holder);
    }
}

/// Words that say the customer is leaving the competitor it names ("Zoom contract ends,
/// moving meetings to Teams", "Box wird abgelöst", "正在退出 Google Workspace"): beside work
/// reported done, the competitor is what the migration leaves (D245).
const LEAVING: &[&str] = &[
    "contract ends",
    "contract expires",
    "moving off",
    "moving away from",
    "moving from",
    "leaving",
    "being retired",
    "retiring",
    "phased out",
    "phasing out",
    "being replaced",
    "exit from",
    "switching from",
    "vertrag endet",
    "vertrag läuft aus",
    "wird abgelöst",
    "abgelöst",
    "ausstieg aus",
    "wechsel von",
    "umstieg von",
    "lizenzen enden",
    "wird abgeschaltet",
    "termina en",
    "terminan en",
    "pasando de",
    "se retira",
    "retirando",
    "retirada",
    "salen de",
    "dejan de usar",
    "abandonan",
    "migran desde",
    "到期",
    "退出",
    "淘汰",
    "下线",
    "弃用",
    "迁出",
    // Leaving said by what is left and what is cut ("Weg von Zoom", "Saliendo de Zoom",
    // "正在替换Zoom", "Zoom licences cut to 700") (D272).
    "weg von",
    "saliendo de",
    "替换",
    "licences cut",
    "licenses cut",
    "lizenzen reduziert",
    "reducidas a",
    "减到",
];

/// Words a few after No Intent's name that say the intent could not be learnt ("Keine
/// Absicht zu Power BI zu erfahren", "no intent to be found"): the status is unknown.
const UNLEARNT: &[&str] = &[
    "zu erfahren",
    "zu ermitteln",
    "erkennbar",
    "bekannt",
    "to be found",
    "found",
    "known",
];

/// Whether the first words of `rest` (a normalised note after No Intent's name) say the
/// intent could not be learnt.
fn unlearnt(rest: &str) -> bool {
    let head: Vec<&str> = rest.split_whitespace().take(6).collect();
    let head = format!(" {} ", head.join(" "));
    UNLEARNT.iter().any(|w| head.contains(&format!(" {w} ")))
}

/// The statuses' abbreviations, in the capitals FMs write them.
pub(crate) const STATUS_ABBREVIATIONS: &[(&str, L1)] = &[
    ("IP", L1::InProgress),
    ("NI", L1::NoIntent),
    ("SU", L1::StatusUnknown),
];

/// The L1 whose capitals `raw` is, exactly as FMs write them ("NI", not "ni").
fn abbreviation(raw: &str) -> Option<L1> {
    STATUS_ABBREVIATIONS
        .iter()
        .find(|(short, _)| *short == raw)
        .map(|(_, l1)| *l1)
}

/// The L1 a note opens with in the capitals FMs shorten it to, before a separator ("IP,
/// on track", "NI - on GWS", "SU: no reply x3", "SU. Hake nach." (D258)): not
/// "IP-Adresse", "IP range" or Spanish "Su" and "Ni" (D243).
fn abbreviated_label(note: &str) -> Option<L1> {
    let text = note.trim_start();
    // "Wieder IP.", "De nuevo IP.", "又是IP了。": the status set again, and nothing more.
    let again = AGAIN.iter().find_map(|w| {
        let rest = strip_word(text, w)?;
        // A Latin word ends at a space; "又是IP" needs none.
        (w.starts_with(text::is_cjk) || rest.starts_with(' ')).then(|| rest.trim_start())
    });
    STATUS_ABBREVIATIONS.iter().find_map(|(short, l1)| {
        if let Some(rest) = again.and_then(|t| t.strip_prefix(short)) {
            if bare_end(rest) {
                return Some(*l1);
            }
        }
        let rest = text.strip_prefix(short)?.trim_start_matches(' ');
        // The whole note ("SU", "NI."): the status and nothing more (D254). So is the
        // status said again ("IP again.", "NI otra vez") (D290).
        if bare_end(rest)
            || AGAIN
                .iter()
                .any(|w| strip_word(rest, w).is_some_and(bare_end))
        {
            return Some(*l1);
        }
        let mut chars = rest.chars();
        let first = chars.next()?;
        // Chinese punctuation needs no space after it ("Intune NI，继续用 …").
        // Nor does its dash, written twice ("SU——见 EXO 那一行").
        let wide = matches!(first, '，' | '：' | '；' | '。') || rest.starts_with("——");
        let separator = wide
            || matches!(
                first,
                ':' | '-' | '–' | '—' | ',' | '/' | '.' | ';' | '•' | '|'
            );
        let then = chars.next();
        (separator && (wide || then.is_none_or(char::is_whitespace))).then_some(*l1)
    })
}

/// Words that say a status is set again ("IP again", "wieder IP", "又是IP了").
const AGAIN: &[&str] = &["again", "wieder", "de nuevo", "otra vez", "又是", "又"];

/// `text` after `word`, its case ignored.
fn strip_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    text.get(..word.len())
        .filter(|head| head.eq_ignore_ascii_case(word))
        .map(|_| &text[word.len()..])
}

/// Whether nothing but a full stop, an exclamation mark or a closing "了" follows.
fn bare_end(rest: &str) -> bool {
    rest.trim_end()
        .trim_end_matches(['.', '!', '。', '！'])
        .trim_end_matches('了')
        .is_empty()
}

/// The note after a heading of service names only ("Edge: …", "EXO/SPO: …", "OD4B：…").
fn after_service_heading(note: &str) -> Option<&str> {
    let (head, rest) = note.split_once([':', '：'])?;
    let mut words = head
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .peekable();
    words.peek()?;
    let services = words.all(|w| {
        service_of_word()
            .get(&w.to_lowercase())
            .is_some_and(|s| s.is_some())
    });
    (services && head.chars().count() <= 30).then_some(rest)
}

/// Whether the note's first word (after an article) names a partner: the note is about
/// the partner.
fn opens_with_partner(norm: &str) -> bool {
    let mut text = norm.trim_start();
    for article in [
        "the ", "our ", "der ", "die ", "unser ", "el ", "la ", "nuestro ",
    ] {
        if let Some(rest) = text.strip_prefix(article) {
            text = rest;
            break;
        }
    }
    PARTNERS.iter().any(|p| {
        let word = p.trim_end_matches('|');
        text.strip_prefix(word).is_some_and(|rest| {
            !p.ends_with('|') || rest.chars().next().is_none_or(|c| !c.is_alphanumeric())
        })
    })
}

/// Words for a network too weak for the cloud.
const NETWORK_LIMITS: &[&str] = &[
    "bandwidth",
    "mbit",
    "mbps",
    "latency",
    "slow link",
    "slow line",
    "network limitation",
    "bandbreite",
    "leitungen",
    "latenz",
    "ancho de banda",
    "latencia",
    "lineas de",
    "带宽",
    "延迟",
    "链路",
    "网络受限",
];

/// Words that make what follows a condition awaited ("once Exchange is done", "sobald
/// Exchange fertig ist"): the clause says what must happen first, not that all is well.
const CONDITIONS: &[&str] = &[
    "once", "until", "till", "after", "when", "sobald", "wenn", "bis", "nachdem", "cuando",
    "hasta", "despues",
];

/// Whether the text before a phrase holds a word of condition.
fn awaits(before: &str) -> bool {
    before
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| CONDITIONS.contains(&w))
}

/// Moves the cue evidence of one class to another (the rules that read whose silence,
/// or which cause, a note reports). Whether there was any.
fn move_evidence(cue: &mut [f32], from: usize, to: usize) -> bool {
    if cue[from] <= 0.0 {
        return false;
    }
    cue[to] += cue[from];
    cue[from] = 0.0;
    true
}

/// The sponsorship's L3 for a browser IT does not standardise on.
const NO_STANDARD: &str = "it-not-enforcing-standardizing-on-any-internet-browser";

/// The partner as the way to reach the customer, not the one who is silent.
const PARTNER_AS_CHANNEL: &[&str] = &[
    "through the partner",
    "via the partner",
    "via partner",
    "über den partner",
    "a través del partner",
    "por medio del partner",
    // The reseller as the way to the customer (set 455).
    "via reseller",
    "via the reseller",
    "through the reseller",
    "über den reseller",
    "vía reseller",
    "vía el reseller",
    "a través del reseller",
    "通过经销商",
    "通过合作伙伴",
    "透过合作伙伴",
    // The partner copied on the mails to the customer ("Der Partner war auch in Kopie").
    "copied",
    "in copy",
    "in kopie",
    "en copia",
    "抄送",
    // A partner that gets no answer either: a way to the customer as silent as the FM's own
    // (set 445).
    "no answer either",
    "auch keine antwort",
    "tampoco consigue",
    "tampoco tiene respuesta",
    "也联系不上",
];

/// Microsoft's own products kept on-premises, by name: a note that names one beside a
/// competitor stays with Microsoft on-premises for what it names.
const MICROSOFT_ON_PREMISES: &[&str] = &[
    "exchange 20",
    "exchange server",
    "exchange-server",
    "sharepoint 20",
    "sharepoint server",
    "sharepoint-server",
    "sp 20",
    "sp20",
    "subscription edition",
    "skype for business server",
    "sfb server",
    "lync",
    "file server",
    "fileserver",
    "file share",
    "fileshare",
    "dateiserver",
    "netzlaufwerk",
    "servidor de archivos",
    "servidores de archivos",
    "文件服务器",
    "共享盘",
    "windows server",
    "active directory",
    "ad fs",
    "adfs",
];

/// Words for the customer.
const CUSTOMERS: &[&str] = &[
    "customer", "cust|", "client|", "kunde", "kunden", "cliente", "客户",
];

const PAUSED: &[&str] = &[
    "on hold",
    "paused",
    "stopped",
    "halted",
    "pausiert",
    "gestoppt",
    "angehalten",
    "en pausa",
    "pausado",
    "parado",
    "detenido",
    "暂停",
    "搁置",
];

#[derive(serde::Deserialize)]
struct CueFile {
    classes: Vec<CueClass>,
    l3: Vec<CueL3>,
    /// Words that speak for an L1 whatever the reason (blocking, declining, progressing).
    #[serde(default)]
    l1: HashMap<String, Vec<String>>,
    /// Words that say the work was stopped: the work the note names is not under way.
    #[serde(default)]
    halts: Vec<String>,
    /// Words that say stopped work started again: the work is under way after all.
    #[serde(default)]
    resumes: Vec<String>,
    /// Phrases that say what a clause names is not the problem ("network and devices are
    /// ready", "Legal had no concerns", "不是预算问题"); a trailing `$` asks for the end of
    /// the clause.
    #[serde(default)]
    dismissals: Vec<String>,
    /// Phrases that tell a block as past ("was blocked", "estuvo bloqueado", "之前因"):
    /// where another clause reports the work going on, their clause is history.
    #[serde(default)]
    past_blocks: Vec<String>,
}

#[derive(serde::Deserialize)]
struct CueClass {
    class: String,
    /// Below 1 for statuses whose words are common in any note (phases, pilots).
    #[serde(default = "one")]
    weight: f32,
    en: Vec<String>,
    de: Vec<String>,
    es: Vec<String>,
    zh: Vec<String>,
}

fn one() -> f32 {
    1.0
}

#[derive(serde::Deserialize)]
struct CueL3 {
    l2: String,
    l3: String,
    cues: Vec<String>,
}

/// The weight left to a phrase that says little more than its L1.
const FAINT: f32 = 0.1;

/// The additive smoothing of the word model's counts (D81).
const SMOOTHING: f32 = 0.1;

/// What is left of a Blocked status's cues in a note that reports work done and names
/// nothing in its way, and what such a note adds to In Progress (D102).
const DONE_BLOCKED: f32 = 0.25;
const DONE_BONUS: f32 = 1.0;

/// The most words a note that names whom it meets and no other cue may hold and still
/// tell nothing but the meeting (D274).
const MEETING_ALONE: usize = 12;

/// What the word model's evidence weighs beside the cues' (D81).
const WORDS: f32 = 1.5;

/// How far ahead of the next status the word model alone must put the first for the note
/// to give a reason no cue names (D86).
const WORDS_SURE: f32 = 1.5;
/// The word model's weight on a note with none of its words: the prior alone.
const PRIOR_ONLY: f32 = 0.1;

const CUES: &str = include_str!("../data/cues.json");
const TRAIN: &str = include_str!("../data/train.jsonl");

/// The engine, loaded (and trained) once.
pub fn engine() -> &'static Engine {
    static ENGINE: LazyLock<Engine> = LazyLock::new(Engine::load);
    &ENGINE
}

fn cue(text: &str) -> Cue {
    // A leading ? marks a phrase that says little more than its L1 ("in progress",
    // "läuft", "进行中"): it leans to its class only where nothing more telling is said.
    let (faint, text) = match text.strip_prefix('?') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (inner, text) = match text.strip_prefix('~') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    // A trailing | asks for the whole word: "gesetz|" is not "gesetzt" (set).
    let (whole_word, text) = match text.strip_suffix('|') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let text = text::cue_text(text);
    let cjk = text.chars().any(text::is_cjk);
    let n = text.chars().count() as f32;
    let weight = if cjk {
        1.0 + (n.min(6.0) - 1.0) * 0.35
    } else {
        1.0 + n.min(24.0) / 8.0
    } * if faint { FAINT } else { 1.0 };
    Cue {
        faint,
        whole: !cjk && (whole_word || n <= 3.0),
        inner,
        text,
        id: 0,
        weight,
        longer: Vec::new(),
    }
}

/// Every code, catalogue name and alias of the services, as the taxonomy writes them.
pub(crate) fn service_names() -> impl Iterator<Item = &'static str> {
    Service::all().flat_map(|s| {
        let d = s.def();
        [d.code.as_str(), d.name.as_str()]
            .into_iter()
            .chain(d.aliases.iter().map(String::as_str))
    })
}

/// The services' names as notes are normalised, longest first, and with them `more`.
pub(crate) fn normalized_service_names(more: &[&'static str]) -> Vec<String> {
    let mut names: Vec<String> = service_names()
        .chain(more.iter().copied())
        .map(|n| text::normalize(n).trim().to_string())
        .filter(|n| n.chars().count() >= 2)
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    names
}

/// The one-word codes, names and aliases of the services, written as a note's words are
/// (lower case, letters and digits; the catalogue's names are all ASCII), built once. The
/// word model leaves them out: which workload a note is about is the service the row
/// names, not a reason, and a word model that learns "Win10" learns the reasons Windows 10
/// notes give most often, reading "Win10 blocked because of budget" as the hardware they
/// usually name (D126). The grade leaves them out where it counts the words of a reason.
fn service_words() -> &'static HashSet<String> {
    static WORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
        service_names()
            .map(|name| {
                name.chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_lowercase)
                    .collect::<String>()
            })
            .filter(|w| !w.is_empty())
            .collect()
    });
    &WORDS
}

/// The words the word model leaves out: the services' names, the verbs that report what
/// someone said ("said", "sagte", "dijo") and a mail's greetings, which any status's notes
/// use. The model had learnt the verbs from the notes of customers who said they would
/// answer, and read "El cliente dijo «no nos interesa»" as the customer's silence (D259).
fn unmodelled_words() -> &'static HashSet<String> {
    static WORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
        service_words()
            .iter()
            .cloned()
            .chain(grade::REPORTING.iter().map(|w| w.to_string()))
            // A mail's greetings and thanks, one word each ("Hi", "Danke") (D260).
            .chain(
                grade::courtesies()
                    .iter()
                    .filter(|w| !w.contains(' ') && !w.chars().any(text::is_cjk))
                    .cloned(),
            )
            .collect()
    });
    &WORDS
}

/// The note without a mail's courtesies of more than one word ("os mantengo informados",
/// "viele Grüße", "有进展再同步"), which the word model does not read either (D260).
fn without_courtesy(norm: &str) -> std::borrow::Cow<'_, str> {
    let mut out = std::borrow::Cow::Borrowed(norm);
    if !grade::may_hold_courtesy(norm) {
        return out;
    }
    // The one-word courtesies are left out word by word (`unmodelled_words`).
    let phrases = grade::courtesies()
        .iter()
        .filter(|p| p.contains(' ') || p.chars().any(text::is_cjk));
    for p in phrases {
        if text::contains(&out, p, true) {
            out = std::borrow::Cow::Owned(out.replace(p.as_str(), " "));
        }
    }
    out
}

/// The service each one-word code, name or alias names, written as a note's words are.
/// A word two services share names neither.
fn service_of_word() -> &'static HashMap<String, Option<Service>> {
    static WORDS: LazyLock<HashMap<String, Option<Service>>> = LazyLock::new(|| {
        let mut map: HashMap<String, Option<Service>> = HashMap::new();
        for s in Service::all() {
            let d = s.def();
            for name in [d.code.as_str(), d.name.as_str()]
                .into_iter()
                .chain(d.aliases.iter().map(String::as_str))
            {
                if name.contains([' ', '-']) {
                    continue;
                }
                let word: String = name
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_lowercase)
                    .collect();
                map.entry(word)
                    .and_modify(|e| {
                        if *e != Some(s) {
                            *e = None;
                        }
                    })
                    .or_insert(Some(s));
            }
        }
        map
    });
    &WORDS
}

/// Words of a clause that make it a condition of the row's work rather than another
/// service's own news ("EXO must be done first; Teams waits"). Not the words of waiting: a
/// clause that opens with another service and does not name the row's says that service
/// waits ("SPO file share migration waits for the line upgrade"), which is its own news
/// (D268).
const DEPENDS: &[&str] = &[
    "until", "once", "after", "first", "before", "depends", "bis", "sobald", "nach", "erst",
    "zuerst", "vor", "hasta", "cuando", "después", "primero", "antes", "depende",
];
const DEPENDS_ZH: &[&str] = &["先", "之后", "之前", "以后", "完成后", "依赖"];

/// Whether a normalised note says a word of an L2's or L3's own names, in any language:
/// "network", "Netzwerk", "red", "网络" for the network L3.
fn names_a_kind(norm: &str, l2: L2, l3: L3) -> bool {
    // Words that join a name, and whose thing it is ("Customer IT Infrastructure").
    const GLUE: &[&str] = &[
        "and", "but", "not", "the", "for", "und", "der", "die", "des", "los", "las", "del", "por",
        "pero", "customer", "kunden", "cliente", "客户",
    ];
    // The kinds' other names, as notes say them where the taxonomy names the kind by its
    // field (the legal department, "jurídico", "法务", the law, "Recht"): "受阻：法务。" is as
    // bare as "Blocked – legal." (set 432, D338). Normalised: accents folded.
    const OTHER_NAMES: &[(&str, &[&str])] = &[("legal-regulatory", &["juridico", "法务", "recht"])];
    OTHER_NAMES
        .iter()
        .filter(|(code, _)| *code == l2.code())
        .flat_map(|(_, names)| names.iter())
        .any(|w| text::contains(norm, w, false))
        || entrack_core::Lang::ALL.into_iter().any(|lang| {
            [l2.name(lang), l3.name(lang)].into_iter().any(|name| {
                let name = text::normalize(name);
                name.split(|c: char| !c.is_alphanumeric())
                    .filter(|w| w.chars().count() >= 2 && !GLUE.contains(w))
                    .filter(|w| w.chars().count() >= 3 || w.starts_with(text::is_cjk))
                    .any(|w| text::contains(norm, w, false))
            })
        })
}

/// Whether a word of a note is a service's one-word code, name or alias ("exo", "win10",
/// "teams"), as `Service::resolve` finds it, without its allocations.
pub(crate) fn is_service_word(word: &str) -> bool {
    service_words().contains(word)
}

/// The services' names as notes are normalised, and the words for the product itself,
/// longest first, built once: what a product cannot do follows them (D130).
fn product_names() -> &'static [String] {
    static NAMES: LazyLock<Vec<String>> = LazyLock::new(|| {
        normalized_service_names(&[
            "the product",
            "das produkt",
            "el producto",
            "产品",
            "the app",
            "die app",
            "la app",
            "la aplicación",
            // Parts of a service, named as FMs name them ("AAD Connect can't …").
            "aad connect",
            "azure ad connect",
            "entra connect",
            "myapps",
            "sspr",
            "app proxy",
        ])
    });
    &NAMES
}

/// Words after a product's name that say what it cannot do ("Power BI can't produce it",
/// "EXO kann das Pinning nicht", "Project Online no lo ofrece", "Viva Engage做不到").
/// Those of the first list take a verb after them, which may make the inability the
/// rollout's ("Teams can't be rolled out"); those of the second say it whole.
const PRODUCT_CANNOT: &[&str] = &[
    "can't",
    "cannot",
    "can not",
    "doesn't",
    "does not",
    "kann nicht",
    "kann kein",
    "kann keine",
    "no puede",
    "不能",
];
const PRODUCT_CANNOT_WHOLE: &[&str] = &[
    "won't let",
    "only does",
    "only supports",
    "only allows",
    "lacks",
    "has no ",
    "is missing",
    "kann das",
    "bietet nicht",
    "bietet kein",
    "unterstützt nicht",
    "unterstützt kein",
    "hat kein",
    "nicht möglich",
    "no permite",
    "no ofrece",
    "no lo ofrece",
    "no lo hace",
    "no lo soporta",
    "no lo permite",
    "no lo admite",
    "no lo tiene",
    "no soporta",
    "no admite",
    "no tiene",
    "solo permite",
    "solo lo hace",
    "做不到",
    "不支持",
    "不提供",
    "没有这个功能",
    "无法实现",
];

/// German puts the object between the verb and its negation ("Teams kann Chats nicht
/// exportieren", "AIP unterstützt das für ihren Scanner-Workflow nicht"): a verb of what a
/// product does, then "nicht" or "kein…" within five words.
///
/// A subordinate clause puts the verb last, after its negation ("…, das EXO nativ nicht
/// kann"): "nicht" then the verb, within five words of the name.
fn german_cannot(rest: &str) -> bool {
    const VERBS: &[&str] = &["kann", "unterstützt", "bietet", "erlaubt", "liest"];
    let words: Vec<&str> = rest
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.' || c == ';')
        .filter(|w| !w.is_empty())
        .take(6)
        .collect();
    // "kann nicht genutzt werden", "kann nicht starten": the rollout's, not the product's.
    let verb_first = words.first().is_some_and(|verb| VERBS.contains(verb))
        && words.iter().enumerate().skip(1).any(|(i, w)| {
            (*w == "nicht" || w.starts_with("kein"))
                && !words
                    .get(i + 1)
                    .is_some_and(|next| ROLLOUT_VERBS.iter().any(|v| next.starts_with(v)))
        });
    verb_first
        || words
            .windows(2)
            .any(|pair| pair[0] == "nicht" && VERBS.contains(&pair[1]))
}

/// Words after the inability that make it the rollout's or the environment's, not the
/// product's ("Teams can't be rolled out", "EXO kann nicht starten", "Intune no puede
/// desplegarse", "SharePoint doesn't work with their hardware", "doesn't fit their needs").
const ROLLOUT_VERBS: &[&str] = &[
    "be ",
    "go ",
    "start",
    "launch",
    "roll",
    "deploy",
    "proceed",
    "move",
    "connect",
    "reach",
    "work",
    "fit",
    "funktioniert",
    "passt",
    "funciona",
    "encaja",
    "werden",
    "starten",
    "verbinden",
    "live",
    "eingeführt",
    "ausgerollt",
    "genutzt",
    "benutzt",
    "verwendet",
    "eingesetzt",
    "usar",
    "utilizar",
    "使用",
    "ser ",
    "desplegar",
    "arrancar",
    "empezar",
    "上线",
    "部署",
    "推广",
    "开始",
    "启用",
];

/// Words soon after an inability that make it wait on the customer's side,
/// not on the product ("Intune can't enroll them until the push certificate is renewed",
/// "Power BI kann die Daten nicht lesen, weil das Gateway fehlt", "the app cannot sync on
/// their old PCs"), or make it the agreement's ("the product doesn't support their
/// agreement"): those are the customer's infrastructure or licensing.
const CONDITIONS_AFTER: &[&str] = &[
    " until ",
    " before ",
    " because ",
    " due to ",
    " on their ",
    " bis ",
    " weil ",
    " solange ",
    " auf ihren ",
    " hasta ",
    " porque ",
    " debido ",
    " antes de ",
    " en sus ",
    "直到",
    "因为",
    "之前",
    "需先",
    "先要",
    // What the customer bought under is not what the product does ("该产品不支持这种协议").
    " agreement",
    " vertrag",
    " contrato",
    "协议",
];

/// Read over the next twelve words (a normalised note keeps no sentence's end), or the
/// next twenty-four Chinese characters.
fn waits_on_the_customer(rest: &str) -> bool {
    let (mut spaces, mut cjk, mut end) = (0, 0, rest.len());
    for (at, c) in rest.char_indices() {
        spaces += usize::from(c == ' ');
        cjk += usize::from(text::is_cjk(c));
        if spaces > 12 || cjk > 24 {
            end = at;
            break;
        }
    }
    let window = format!(" {} ", &rest[..end]);
    CONDITIONS_AFTER.iter().any(|c| window.contains(c))
}

/// Words before a product's name that say it cannot do something in it ("not possible in
/// Viva Engage").
const CANNOT_IN: &[&str] = &[
    "not possible in",
    "isn't possible in",
    "no es posible en",
    "no se puede en",
];

/// Whether the note counts a share of something as a figure of a whole: "300 von 500",
/// "300 de 500", "300 of 500", "300/500".
fn counts_a_share(norm: &str) -> bool {
    // "06/2026" is a month (D277).
    let month_of = |a: &str, b: &str| {
        let b = b.trim_matches(|c: char| !c.is_ascii_digit());
        b.len() == 4
            && (b.starts_with("19") || b.starts_with("20"))
            && a.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
    };
    let words: Vec<&str> = norm.split_whitespace().collect();
    let figure = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    };
    words
        .windows(3)
        .any(|w| figure(w[0]) && matches!(w[1], "of" | "von" | "de") && figure(w[2]))
        || words.iter().any(|w| {
            w.split_once('/').is_some_and(|(a, b)| {
                figure(a) && figure(b) && a.chars().any(|c| c.is_ascii_digit()) && !month_of(a, b)
            })
        })
        // "3100名用户中2400人", "4000台中的3200台": a figure a few characters before "中"
        // and one after it (D272).
        || norm.match_indices('中').any(|(at, _)| {
            let before: Vec<char> = norm[..at].chars().rev().take(6).collect();
            let after = norm[at + '中'.len_utf8()..].trim_start_matches('的');
            before.iter().any(char::is_ascii_digit)
                && after.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
}

/// A note that opens with "invalid" or "duplicate" in a word of its own, set off by
/// punctuation ("invalid, subscription expired …", "Ungültig: …", "无效，…", "Dup - …"),
/// has said its L1 as "Duplicate/Invalid" would (D149). "Invalid SKU purchased" goes on
/// without a stop: the word describes what follows.
fn invalid_heading(note: &str) -> Option<L1> {
    const WORDS: &[&str] = &[
        "invalid",
        "ungültig",
        "inválido",
        "inválida",
        "no válido",
        "无效",
        "duplicate",
        "dup",
        "dupe",
        "duplikat",
        "dublette",
        "duplicado",
        "duplicada",
        "重复",
    ];
    let note = note.trim_start();
    WORDS.iter().find_map(|w| {
        let head = note.get(..w.len())?;
        if !head.chars().flat_map(char::to_lowercase).eq(w.chars()) {
            return None;
        }
        let rest = note[w.len()..].trim_start();
        let stop = rest.chars().next().is_some_and(|c| {
            matches!(
                c,
                ',' | ':' | '-' | '–' | '—' | ';' | '，' | '：' | '；' | '、' | '.' | '/'
            )
        });
        let more = rest
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .chars()
            .next()
            .is_some();
        (stop && more).then_some(L1::DuplicateInvalid)
    })
}

impl Engine {
    fn load() -> Engine {
        Engine::from_data(CUES, TRAIN).expect("the embedded cues and notes are valid")
    }

    /// An engine built from a cue file and labelled notes (JSON lines) other than the
    /// embedded ones, such as an earlier revision's (`bench/suggest/replay.py` replays
    /// the engine's history this way). The error names what is wrong.
    pub fn from_data(cues: &str, train: &str) -> Result<Engine, String> {
        let file: CueFile = serde_json::from_str(cues).map_err(|e| format!("the cue file: {e}"))?;
        let mut classes = Vec::new();
        let mut cues = Vec::new();
        for c in &file.classes {
            let class = Class::parse(&c.class)
                .ok_or_else(|| format!("the cue file: unknown status {:?}", c.class))?;
            classes.push(class);
            cues.push(
                [&c.en, &c.de, &c.es, &c.zh]
                    .into_iter()
                    .flatten()
                    .map(|s| {
                        let mut q = cue(s);
                        q.weight *= c.weight;
                        q
                    })
                    .collect(),
            );
        }
        let mut l3: HashMap<L2, Vec<L3Cues>> = HashMap::new();
        for c in &file.l3 {
            let l2 = L1::ALL
                .into_iter()
                .flat_map(|l1| l1.l2s())
                .find(|x| x.code() == c.l2)
                .ok_or_else(|| format!("the cue file: unknown L2 {:?}", c.l2))?;
            let code = l2
                .l3s()
                .find(|x| x.code() == c.l3)
                .ok_or_else(|| format!("the cue file: unknown L3 {:?} of {:?}", c.l3, c.l2))?;
            l3.entry(l2).or_default().push(L3Cues {
                l3: code,
                cues: c.cues.iter().map(|s| cue(s)).collect(),
            });
        }
        let mut l1: Vec<(L1, Vec<Cue>)> = file
            .l1
            .iter()
            .map(|(code, words)| {
                let l1 = L1::from_code(code)
                    .ok_or_else(|| format!("the cue file: unknown L1 {code:?}"))?;
                Ok((l1, words.iter().map(|w| cue(w)).collect()))
            })
            .collect::<Result<_, String>>()?;
        // The words of a stopping heading halt the work wherever they stand.
        let mut halts: Vec<Cue> = (PAUSED.iter().copied())
            .chain(file.halts.iter().map(String::as_str))
            .map(cue)
            .collect();
        let mut resumes: Vec<Cue> = file.resumes.iter().map(|w| cue(w)).collect();
        let mut partners: Vec<Cue> = PARTNERS.iter().map(|w| cue(w)).collect();
        let mut customers: Vec<Cue> = CUSTOMERS.iter().map(|w| cue(w)).collect();
        let mut network_limits: Vec<Cue> = NETWORK_LIMITS.iter().map(|w| cue(w)).collect();
        // Whole words (Chinese anywhere).
        let mut done: Vec<Cue> = DONE.iter().map(|w| cue(&format!("{w}|"))).collect();
        let mut obstacles: Vec<Cue> = OBSTACLES.iter().map(|w| cue(w)).collect();
        let mut partner_channels: Vec<Cue> = PARTNER_AS_CHANNEL.iter().map(|w| cue(w)).collect();
        let mut microsoft_on_premises: Vec<Cue> =
            MICROSOFT_ON_PREMISES.iter().map(|w| cue(w)).collect();
        let mut leaving: Vec<Cue> = LEAVING.iter().map(|w| cue(w)).collect();
        let mut past_blocks: Vec<Cue> = file.past_blocks.iter().map(|w| cue(w)).collect();
        let mut patterns = text::Patterns::default();
        let lists = cues
            .iter_mut()
            .chain(l1.iter_mut().map(|(_, c)| c))
            .chain([
                &mut halts,
                &mut resumes,
                &mut partners,
                &mut customers,
                &mut network_limits,
                &mut done,
                &mut obstacles,
                &mut partner_channels,
                &mut microsoft_on_premises,
                &mut leaving,
                &mut past_blocks,
            ])
            .chain(l3.values_mut().flatten().map(|c| &mut c.cues));
        for list in lists {
            for q in list.iter_mut() {
                q.id = patterns.id_in(&q.text, q.whole, q.inner);
            }
            // A cue listed under several languages ("sku", "zoom") is one piece of
            // evidence: it counts once.
            let mut seen = std::collections::HashSet::new();
            list.retain(|q| seen.insert(q.id));
            // A singular and its plural ("license", "licenses") both found are one piece
            // of evidence too: the longer counts.
            let texts: Vec<(String, usize)> = list.iter().map(|q| (q.text.clone(), q.id)).collect();
            for q in list.iter_mut() {
                q.longer = texts
                    .iter()
                    .filter(|(t, _)| t.len() > q.text.len() && t.starts_with(q.text.as_str()))
                    .map(|(_, id)| *id)
                    .collect();
            }
        }
        // The first word of every service's name and alias, as cues are written.
        let service_openings: HashSet<String> = Service::all()
            .flat_map(|s| {
                let d = s.def();
                std::iter::once(&d.name)
                    .chain(&d.aliases)
                    .filter_map(|n| text::cue_text(n).split(' ').next().map(str::to_string))
                    .collect::<Vec<_>>()
            })
            .collect();
        let l3_names = L1::ALL
            .into_iter()
            .flat_map(|l1| l1.l2s())
            .map(|l2| {
                // A word of the L2's own name says the L2 only: "partner" in "Partner's SOW
                // covers only EXO" is not "Partner unresponsive" (D281).
                let l2_name = text::cue_text(l2.name(entrack_core::Lang::En));
                // Product gaps named after their service ("Outlook mobile doesn't …",
                // thirteen times): the service's first word, opening several of them, names
                // none. Elsewhere it still names the first ("Google", "Cisco", "Android")
                // (set 457).
                let openings: Vec<String> = if l2.code() == "product-feature-capability" {
                    l2.l3s()
                        .map(|l3| {
                            let name = text::cue_text(l3.name(entrack_core::Lang::En));
                            name.split(' ').next().unwrap_or_default().to_string()
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                let shared = |w: &str| {
                    service_openings.contains(w)
                        && openings.iter().filter(|o| o.as_str() == w).count() > 1
                };
                let names = l2
                    .l3s()
                    .filter(|l3| l3.code() != "other")
                    .map(|l3| {
                        let name = text::cue_text(l3.name(entrack_core::Lang::En));
                        let word = name
                            .split(' ')
                            .next()
                            .filter(|w| {
                                w.len() >= 5
                                    && !text::GENERIC.contains(w)
                                    && !l2_name.split(' ').any(|x| x == *w)
                                    && !shared(w)
                            })
                            .map(|w| patterns.id(w, true));
                        (l3, patterns.id(&name, true), word)
                    })
                    .collect();
                (l2, names)
            })
            .collect();
        let grade = grade::Vocabulary::new(&mut patterns);
        let mut labels: Vec<(String, L1)> = L1::ALL
            .into_iter()
            .flat_map(|l1| {
                entrack_core::Lang::ALL
                    .into_iter()
                    .map(move |lang| (text::cue_text(l1.name(lang)), l1))
                    .chain([(text::cue_text(&l1.code().replace('-', " ")), l1)])
            })
            .chain(
                // A heading that says the work stopped names Blocked as well ("Migration
                // pausiert: …", "On hold - …", "parado: …").
                PAUSED.iter().map(|w| (text::cue_text(w), L1::Blocked)),
            )
            // "WIP, …": work in progress, as FMs shorten it; the German names as FMs write
            // them ("Keine Absicht", "Status unbekannt") beside the taxonomy's plural and
            // adjective forms (D244).
            .chain([
                (text::cue_text("wip"), L1::InProgress),
                (text::cue_text("keine absicht"), L1::NoIntent),
                (text::cue_text("status unbekannt"), L1::StatusUnknown),
            ])
            .collect();
        labels.sort();
        labels.dedup();
        let dismissals = file
            .dismissals
            .iter()
            .map(|d| match d.strip_suffix('$') {
                Some(phrase) => (text::cue_text(phrase), true),
                None => (text::cue_text(d), false),
            })
            .collect();
        let matcher = patterns.build();
        hold_across_statuses(&mut cues, &matcher);
        let mut engine = Engine {
            dismissals,
            past_blocks,
            labels,
            l3_names,
            l1,
            halts,
            resumes,
            partners,
            customers,
            network_limits,
            done,
            obstacles,
            partner_channels,
            microsoft_on_premises,
            speller: text::Speller::default(),
            unresponsive: None,
            partner_engagement: None,
            competitive: None,
            product_gap: None,
            on_premises: None,
            infrastructure: None,
            sponsorship: None,
            resourcing: None,
            migration: None,
            legal: None,
            readiness: None,
            leaving,
            prior: vec![0.0; classes.len()],
            likelihood: HashMap::new(),
            classes,
            cues,
            l3,
            grade,
            matcher,
        };
        engine.unresponsive = engine.class_index("status-unknown", Some("customer-unresponsive"));
        engine.partner_engagement = engine.class_index("blocked", Some("partner-engagement"));
        engine.competitive = engine.class_index("no-intent", Some("using-competitive-solution"));
        engine.product_gap = engine.class_index("blocked", Some("product-feature-capability"));
        engine.on_premises =
            engine.class_index("no-intent", Some("using-microsoft-on-premises-solution"));
        engine.infrastructure =
            engine.class_index("blocked", Some("customer-it-infrastructure-remediation"));
        engine.sponsorship = engine.class_index("no-intent", Some("executive-sponsorship"));
        engine.resourcing = engine.class_index("blocked", Some("it-change-management-resourcing"));
        engine.migration = engine.class_index("in-progress", Some("migration"));
        engine.legal = engine.class_index("blocked", Some("legal-regulatory"));
        engine.readiness = engine.class_index("blocked", Some("adoption-readiness"));
        engine.train(train)?;
        engine.learn_words();
        Ok(engine)
    }

    /// The words a note may be respelled into: those of the cues, the word lists and the
    /// dismissals, as loaded. The names of statuses and services are known too, but
    /// nothing is respelled into them.
    fn learn_words(&mut self) {
        let Engine {
            speller,
            cues,
            l1,
            l3,
            halts,
            resumes,
            partners,
            customers,
            network_limits,
            leaving,
            dismissals,
            past_blocks,
            ..
        } = self;
        let lists = cues
            .iter()
            .chain(l1.iter().map(|(_, c)| c))
            .chain(l3.values().flatten().map(|c| &c.cues))
            .chain([
                &*halts,
                &*resumes,
                &*partners,
                &*customers,
                &*network_limits,
                &*leaving,
                &*past_blocks,
            ]);
        for q in lists.flatten() {
            speller.learn(&q.text, true);
        }
        for (phrase, _) in dismissals.iter() {
            speller.learn(phrase, true);
        }
        for w in grade::word_lists() {
            speller.learn(w.trim_end_matches('|'), true);
        }
        // The names of statuses and services, in every language.
        for l1 in L1::ALL {
            for lang in entrack_core::Lang::ALL {
                speller.learn(l1.name(lang), false);
                for l2 in l1.l2s() {
                    speller.learn(l2.name(lang), false);
                    for l3 in l2.l3s() {
                        speller.learn(l3.name(lang), false);
                    }
                }
            }
        }
        for service in Service::all() {
            let def = service.def();
            speller.learn(&def.name, false);
            def.aliases.iter().for_each(|a| speller.learn(a, false));
        }
        speller.build();
    }

    /// Trains the naive Bayes part on labelled notes (JSON lines). Their words are not
    /// taught to the speller: many are slips of the keyboard written on purpose
    /// ("bandwith"), to be respelled like any other.
    fn train(&mut self, lines: &str) -> Result<(), String> {
        let n = self.classes.len();
        let mut docs = vec![0f32; n];
        let mut totals = vec![0f32; n];
        let mut counts: HashMap<String, Vec<f32>> = HashMap::new();
        for (at, line) in lines.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let note: LabelledNote = serde_json::from_str(line)
                .map_err(|e| format!("labelled notes, line {}: {e}", at + 1))?;
            let l2 = note.l2.as_deref().filter(|s| !s.is_empty());
            let Some(i) = self.class_index(&note.l1, l2) else {
                // A note filed under an L1 alone ("not interested", no reason) says
                // nothing of the L2s the model tells apart.
                if l2.is_none() && L1::from_code(&note.l1).is_some() {
                    continue;
                }
                return Err(format!(
                    "labelled notes, line {}: no status {} / {}",
                    at + 1,
                    note.l1,
                    l2.unwrap_or("-")
                ));
            };
            docs[i] += 1.0;
            let norm = text::normalize(&note.note);
            for f in text::features(&without_courtesy(&norm), unmodelled_words()) {
                counts.entry(f).or_insert_with(|| vec![0.0; n])[i] += 1.0;
                totals[i] += 1.0;
            }
        }
        // Smoothing well below one: with thousands of notes, a word seen only under
        // one status is telling of it.
        let vocabulary = counts.len() as f32 * SMOOTHING;
        let all: f32 = docs.iter().sum();
        self.prior = docs
            .iter()
            .map(|d| ((d + 1.0) / (all + n as f32)).ln())
            .collect();
        for (f, c) in counts {
            let ll = (0..n)
                .map(|i| ((c[i] + SMOOTHING) / (totals[i] + vocabulary)).ln())
                .collect();
            self.likelihood.insert(f, ll);
        }
        Ok(())
    }

    fn class_index(&self, l1: &str, l2: Option<&str>) -> Option<usize> {
        self.classes.iter().position(|c| {
            c.l1.code() == l1 && c.l2.map(|x| x.code()) == l2.filter(|s| !s.is_empty())
        })
    }

    /// The cue score of each class: its own cues, and a little for words that speak
    /// for its L1 (and for In Progress where `done`: the note reports work done and
    /// names nothing in its way).
    fn cue_scores(&self, hits: &text::Hits, done: bool) -> (Vec<f32>, Vec<f32>) {
        // Work under way is not under way where the note negates it ("不部署", "not
        // migrating"); the other statuses' words keep their weight ("未升级": the upgrade
        // not done is the blocker).
        // Work the note says was stopped ("paused the mailbox migration after outages",
        // "Rollout gestoppt") counts for half, unless the note says it started again.
        let resumed = self.resumes.iter().any(|c| hits.has(c.id));
        let halted = self.halts.iter().any(|c| hits.affirms(c.id)) && !resumed;
        let found = |cues: &[Cue], l1: L1| -> f32 {
            // A state the note says ended ("客户不再失联", "no longer silent") is no cue of
            // any status.
            let at = |id: usize| {
                if l1 == L1::InProgress {
                    hits.affirms(id)
                } else {
                    hits.current(id)
                }
            };
            cues.iter()
                .filter(|c| at(c.id) && !c.longer.iter().any(|&id| hits.has(id)))
                .map(|c| c.weight)
                .sum()
        };
        let own: Vec<f32> = self
            .cues
            .iter()
            .zip(&self.classes)
            .map(|(c, class)| {
                let sum = found(c, class.l1);
                // Work that started again was blocked: its cause is past ("Was blocked by
                // the proxy; proxy fixed, rollout resumed").
                // A note that reports work done and names nothing in its way is work under
                // way: what it names of infrastructure or security is what was done (D102).
                if done && class.l1 == L1::Blocked && !resumed {
                    sum * DONE_BLOCKED
                } else if halted && class.l1 == L1::InProgress || resumed && class.l1 == L1::Blocked
                {
                    sum * 0.5
                } else {
                    sum
                }
            })
            .collect();
        let by_l1: Vec<(L1, f32)> = self
            .l1
            .iter()
            .map(|(l1, cues)| (*l1, found(cues, *l1).min(4.0)))
            .collect();
        // Work reported done, with nothing in its way, speaks for In Progress too (D102).
        let done_bonus = |l1: L1| {
            if done && l1 == L1::InProgress {
                DONE_BONUS
            } else {
                0.0
            }
        };
        let l1: Vec<f32> = self
            .classes
            .iter()
            .map(|c| {
                by_l1
                    .iter()
                    .filter(|(l1, _)| *l1 == c.l1)
                    .map(|(_, w)| w * 0.5)
                    .sum::<f32>()
                    + done_bonus(c.l1)
            })
            .collect();
        (own, l1)
    }

    /// The note without its clauses that dismiss what they name ("Budget is not the
    /// issue", "network and devices are ready", "Legal had no concerns", "不是预算问题"),
    /// normalised; `None` where every clause is kept.
    fn undismissed(&self, note: &str, norm: &str, hits: &text::Hits) -> Option<String> {
        let tells_a_past_block =
            |hits: &text::Hits| self.past_blocks.iter().any(|c| hits.has(c.id));
        // Most notes dismiss nothing: looked for in the whole note first.
        if !norm.contains("不是")
            && !self
                .dismissals
                .iter()
                .any(|(phrase, _)| norm.contains(phrase.as_str()))
            && !tells_a_past_block(hits)
        {
            return None;
        }
        // A dash between spaces ends a clause here too: "Not blocked – they stay on
        // Google" dismisses only what comes before it (D290).
        let note = note.replace(" - ", " – ");
        let clauses: Vec<String> = note
            .split(|c| text::ends_clause(c) || matches!(c, '–' | '—'))
            .map(|clause| {
                let norm = text::normalize(clause);
                self.speller.respell(&norm).unwrap_or(norm)
            })
            .flat_map(|norm| self.split_after_readiness(norm))
            .collect();
        let dismisses = |norm: &str| {
            let body = norm.trim_end();
            self.dismissals.iter().any(|(phrase, at_end)| {
                if *at_end {
                    // "están listos", not "no están listos".
                    body.strip_suffix(phrase.as_str()).is_some_and(|before| {
                        before
                            .chars()
                            .next_back()
                            .is_none_or(|c| !c.is_alphanumeric() || text::is_cjk(c))
                            && !text::negated(before, phrase.starts_with(text::is_cjk))
                            && !awaits(before)
                    })
                } else {
                    text::contains(norm, phrase, true)
                }
            }) || norm
                .find("不是")
                .is_some_and(|at| norm[at..].contains("问题"))
        };
        // A block told as past ("Estuvo bloqueado por el comité de empresa hasta oct; …
        // despliegue por oleadas") is history where another clause reports the work going
        // on: the reason it names is no longer the reason.
        let clause_hits: Vec<text::Hits> = if tells_a_past_block(hits) {
            clauses.iter().map(|c| self.matcher.hits(c)).collect()
        } else {
            Vec::new()
        };
        let past: Vec<bool> = (0..clauses.len())
            .map(|k| clause_hits.get(k).is_some_and(tells_a_past_block))
            .collect();
        let going_on = clause_hits
            .iter()
            .zip(&past)
            .any(|(hits, &past)| !past && self.reports_work_going_on(hits));
        let mut dismissed = false;
        let mut kept = String::new();
        for (norm, &past) in clauses.iter().zip(&past) {
            if past && going_on {
                dismissed = true;
                continue;
            }
            if !dismisses(norm) {
                kept.push_str(norm);
                continue;
            }
            dismissed = true;
            // Chinese typed without punctuation ends its clauses with spaces ("8个站点完成3个
            // 其余3月前 没有问题"): where a part between spaces dismisses on its own, only
            // that part is dropped.
            if norm.chars().any(text::is_cjk) {
                let parts: Vec<&str> = norm.split_whitespace().collect();
                if parts.len() > 1 && parts.iter().any(|p| dismisses(&format!(" {p} "))) {
                    for p in parts.iter().filter(|p| !dismisses(&format!(" {p} "))) {
                        kept.push(' ');
                        kept.push_str(p);
                    }
                    kept.push(' ');
                }
            }
        }
        dismissed.then_some(kept)
    }

    /// Whether a clause reports work under way: a word of an In Progress class or of In
    /// Progress itself, or of work started again.
    fn reports_work_going_on(&self, hits: &text::Hits) -> bool {
        self.resumes.iter().any(|c| hits.has(c.id))
            || self
                .l1
                .iter()
                .filter(|(l1, _)| *l1 == L1::InProgress)
                .flat_map(|(_, cues)| cues)
                .chain(
                    self.cues
                        .iter()
                        .zip(&self.classes)
                        .filter(|(_, class)| class.l1 == L1::InProgress)
                        .flat_map(|(cues, _)| cues),
                )
                .any(|c| hits.affirms(c.id))
    }

    /// A clause cut where it says something is ready and goes on after "and" ("la red y
    /// los equipos están listos y el licenciamiento está bien"): what is ready ends there.
    fn split_after_readiness(&self, norm: String) -> Vec<String> {
        const AND: &[&str] = &[" and ", " und ", " y ", " e "];
        let cut = self
            .dismissals
            .iter()
            .filter(|(_, at_end)| *at_end)
            .flat_map(|(phrase, _)| AND.iter().map(move |and| (phrase, and)))
            .find_map(|(phrase, and)| {
                let at = norm.find(&format!("{}{and}", phrase.trim_end()))?;
                Some(at + phrase.trim_end().len())
            });
        match cut {
            Some(at) => {
                let rest = norm[at..].to_string();
                let mut parts = vec![norm[..at].to_string()];
                parts.extend(self.split_after_readiness(rest));
                parts
            }
            None => vec![norm],
        }
    }

    /// Reads a note about `service` (if known).
    pub fn suggest(&self, note: &str, service: Option<Service>) -> Suggestion {
        // A link's host and path are no words of the note (D303).
        let unlinked = text::may_hold_link(note).then(|| text::without_links(note));
        let note = unlinked.as_deref().unwrap_or(note);
        // A note kept as a running log is read by its newest entry (D255).
        let latest = text::latest_entry(note);
        let whole = note;
        let note = text::without_stamp(latest.as_deref().unwrap_or(note));
        let filled = text::without_empty_fields(note, |name| self.is_label(name));
        let focused = self.focus(&filled, service);
        // Seats said to be in another row are that row's (D304).
        let own = text::without_other_rows(focused.as_ref());
        let note = own.as_deref().unwrap_or(focused.as_ref());
        let norm = text::normalize(note);
        let norm = self.speller.respell(&norm).unwrap_or(norm);
        let hits = self.matcher.hits(&norm);
        // What a clause dismisses is no evidence for a status; the grade reads it all.
        let kept = self.undismissed(note, &norm, &hits);
        let cue_hits = kept.as_deref().map(|kept| self.matcher.hits(kept));
        let evidence = cue_hits.as_ref().unwrap_or(&hits);
        let (mut cue, l1_cue) = self.cue_scores(evidence, self.reports_work_done(&hits, &norm));
        let partner_silent = self.silence_of_the_partner(&mut cue, &hits, note, &norm);
        self.short_of_staff_at_the_partner(&mut cue, &norm);
        self.kept_on_premises_by_the_network(&mut cue, &hits);
        let objected = self.objection_to_the_services_privacy(&mut cue, evidence, service, &l1_cue);
        // A competitor named by its product is strong evidence, however short its name
        // ("Slack", "Zoom", "Box").
        let competitor = self.names_a_competitor(evidence, note);
        let leaving = competitor && self.leaves_the_competitor(&mut cue, &hits, note, &norm);
        let competitor = competitor && !leaving;
        self.kept_with_a_competitor(&mut cue, competitor, &hits);
        // A gap of the product named by its L3 ("geofencing", "IMEI", "BYOK"), one the
        // service has (D120), or said as what the product itself cannot do (D130), speaks
        // for Product/Feature Capability whoever asks for it, where the note has words of a
        // block; neither is looked for elsewhere.
        let blocked = self.product_gap.is_some_and(|i| l1_cue[i] > 0.0);
        let gap = blocked && self.names_a_gap(evidence, service);
        let cannot = blocked && self.product_cannot(kept.as_deref().unwrap_or(&norm));
        let features = text::features(
            &without_courtesy(kept.as_deref().unwrap_or(&norm)),
            unmodelled_words(),
        );
        let n = self.classes.len();
        let mut nb: Vec<f32> = self.prior.clone();
        for f in &features {
            match self.likelihood.get(f) {
                Some(ll) => (0..n).for_each(|i| nb[i] += ll[i]),
                None => continue,
            }
        }
        let mean = nb.iter().sum::<f32>() / n as f32;
        // A note with no word the model knows ("n/a", "k.A.") gets only the prior from it:
        // the classes' sizes in the training notes, which break ties but outweigh no cue.
        let scale = if features.is_empty() {
            PRIOR_ONLY
        } else {
            1.0 / (features.len() as f32).sqrt()
        };
        let said = self
            .opening_label(&norm)
            .or_else(|| self.heading_label(note))
            .or_else(|| abbreviated_label(note))
            .or_else(|| invalid_heading(note))
            // After the service's name as a heading ("Edge: NI, IE11 bleibt …", "SPO:
            // Blocked – …") the status opens the note all the same (D267).
            .or_else(|| {
                let rest = after_service_heading(note)?;
                self.opening_label(&text::normalize(rest))
                    .or_else(|| abbreviated_label(rest))
            })
            .or_else(|| self.closing_label(note));
        let denied = BLOCK_DENIALS
            .iter()
            .any(|d| text::contains(&norm, d, false));
        let mut scored: Vec<(usize, f32)> = (0..n)
            .map(|i| {
                let label = if said == Some(self.classes[i].l1) {
                    LABEL_BONUS
                } else if denied && self.classes[i].l1 == L1::Blocked {
                    -DENIED_PENALTY
                } else {
                    0.0
                };
                let bonus = if self.names_a_service_l3(i, evidence, service, l1_cue[i] > 0.0) {
                    SERVICE_L3_BONUS
                } else if competitor && Some(i) == self.competitive {
                    NAMED_BONUS
                } else if leaving && Some(i) == self.migration {
                    LEAVING_BONUS
                } else if cannot && Some(i) == self.product_gap {
                    CANNOT_BONUS
                } else if gap && Some(i) == self.product_gap {
                    GAP_BONUS
                } else {
                    0.0
                };
                (
                    i,
                    cue[i] * 1.5 + l1_cue[i] + label + bonus + (nb[i] - mean) * scale * WORDS,
                )
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        // Scores to shares (softmax).
        let top = scored[0].1;
        let exp: Vec<f32> = scored.iter().map(|(_, s)| (s - top).exp()).collect();
        let sum: f32 = exp.iter().sum();
        let proposals = scored
            .iter()
            .zip(exp)
            .take(5)
            .map(|((i, _), e)| {
                let c = self.classes[*i];
                Proposal {
                    l1: c.l1,
                    l2: c.l2,
                    l3: c.l2.and_then(|l2| self.l3_for(l2, evidence, service)),
                    score: e / sum,
                }
            })
            .collect::<Vec<_>>();
        let first = scored[0].0;
        let best = self.classes[first];
        // A faint cue ("in progress") says no more than the L1: the note is not specific.
        // A partner's silence is the partner's, and names the block; a staff body's
        // objection to the service's privacy names the privacy; what the product itself
        // cannot do names its gap ("PBI kann kein RLS auf …") (D253).
        // The reason the note gives is there even where the word model ranks another
        // status first: the class its cues weigh most says it too.
        let gives_reason_in = |k: usize, evidence: &text::Hits| {
            (cue[k] > 0.0
                && (self.cues[k].iter().any(|c| !c.faint && evidence.has(c.id))
                    || partner_silent
                    || objected && Some(k) == self.readiness)
                && Some(k) != self.unresponsive)
                || cannot && Some(k) == self.product_gap
        };
        let gives_reason = |k: usize| gives_reason_in(k, evidence);
        let by_cues = (0..n)
            .max_by(|&a, &b| cue[a].total_cmp(&cue[b]).then(b.cmp(&a)))
            .unwrap_or(0);
        // So it is where the word model, on its own, is sure of the same status: the
        // note's words are those of that status's reasons, though no cue names them
        // ("Managers fear staff won't cope with the new interface").
        let words_sure = best.l2.is_some()
            && Some(first) != self.unresponsive
            && (0..n)
                .filter(|&i| i != first)
                .all(|i| (nb[first] - nb[i]) * scale >= WORDS_SURE);
        // The competitor named: by the L3 the note names, or (for the products the
        // taxonomy does not list) by a cue of "other" (D103).
        let top_l3 = proposals.first().and_then(|p| p.l3).map(|l3| l3.code());
        let named = Some(first) == self.competitive
            && (competitor || top_l3.is_some_and(|l3| l3 != "other"))
            // Skype for Business left for Teams names what is used instead, as a competitor
            // does ("Straight to Teams, skipping SfB", "直接上Teams，跳过SfB Online") (D280).
            || top_l3 == Some("moving-to-teams");
        // A competitor named by its product alone ("Mail läuft über Tencent Exmail") is
        // the reason, though no phrase of the class says so (D147).
        // Whom a meeting is with is no reason ("Blocked. Call w/ CISO next Thu to discuss",
        // "下周四和CISO开会讨论"): a note whose cues are all in whom it meets names none,
        // by its cues or its words, though its status is read from them (D274).
        // Only in a note too short to tell its reason in words no cue knows ("Workshop with
        // their security team held; concerns: no MFA for externals, data in US").
        let beyond_attendees = |k: usize| {
            let (words, cjk) = text::units(&norm);
            words + cjk / 2 > MEETING_ALONE
                || text::without_attendees(kept.as_deref().unwrap_or(&norm))
                    .is_none_or(|rest| gives_reason_in(k, &self.matcher.hits(&rest)))
        };
        let by_cues_reason = gives_reason(first) || gives_reason(by_cues);
        let met_only = by_cues_reason && !(beyond_attendees(first) || beyond_attendees(by_cues));
        let specific = if by_cues_reason && !met_only || named && competitor {
            grade::Specific::ByCues
        } else if words_sure && !met_only {
            grade::Specific::ByWords
        } else {
            grade::Specific::No
        };
        // A block's cause said in a word or two that are more than its kind ("Blocked –
        // proxy", "Blockiert: Proxy", "受阻——代理"): the L3 the note names, by no word of
        // the L3's or the L2's own names ("Blocked – network" names the kind) (D274).
        // Looked at only in notes short enough for it to matter.
        let cause_in_a_word = || {
            let (words, cjk) = text::units(&norm);
            best.l1 == L1::Blocked
                && words + cjk / 2 < 4
                && best.l2.is_some_and(|l2| {
                    proposals.first().and_then(|p| p.l3).is_some_and(|l3| {
                        l3.code() != "other"
                            && self.l3_cued(l2, l3, evidence)
                            && !names_a_kind(&norm, l2, l3)
                    })
                })
        };
        let named = if named {
            grade::Named::Rival
        } else if cause_in_a_word() {
            grade::Named::Cause
        } else {
            grade::Named::Nothing
        };
        // A silence kept as a log is graded on every entry: the older ones are the
        // attempts that went unanswered ("[01/12] 3rd reminder, no reply. [15/11] 2nd
        // reminder. [01/11] intro mail – unmanaged account") (set 460).
        let grade = if latest.is_some() && Some(first) == self.unresponsive {
            let norm = text::normalize(whole);
            let norm = self.speller.respell(&norm).unwrap_or(norm);
            let hits = self.matcher.hits(&norm);
            self.grade
                .grade(whole, &norm, &hits, best.l1, specific, named)
        } else {
            self.grade
                .grade(note, &norm, &hits, best.l1, specific, named)
        };
        Suggestion { grade, proposals }
    }

    /// The note without the clauses that tell another service's news, where another clause
    /// names the row's own service ("OneDrive KFM paused for a security review; EXO
    /// migration goes on: 1,500/2,000 moved" for Exchange): what the note says of the row
    /// is in its own clauses (D237). A clause is another service's news where it opens
    /// with that service's name and says a status of it; one that may be a condition of
    /// the row's work stays ("EXO must be done first").
    fn focus<'a>(&self, note: &'a str, service: Option<Service>) -> std::borrow::Cow<'a, str> {
        use std::borrow::Cow;
        let Some(row) = service else {
            return Cow::Borrowed(note);
        };
        // Clauses end at a semicolon or a full stop before a space.
        let clauses = text::sentences(note);
        if clauses.len() < 2 {
            return Cow::Borrowed(note);
        }
        // Chinese characters end a word ("spo文件共享迁移").
        let word_end = |c: char| !c.is_alphanumeric() || text::is_cjk(c);
        let services_of = |norm: &str| -> Vec<Service> {
            norm.split(word_end)
                .filter_map(|w| service_of_word().get(w).copied().flatten())
                .collect()
        };
        // Service names are plain words: the clauses in lower case find them; only a clause
        // that may be news is normalised and matched.
        let lowered: Vec<String> = clauses.iter().map(|c| c.to_lowercase()).collect();
        if !lowered.iter().any(|n| services_of(n).contains(&row)) {
            return Cow::Borrowed(note);
        }
        let news = |lower: &str| {
            let named = services_of(lower);
            let opens_with_other = lower
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .split(word_end)
                .next()
                .and_then(|w| service_of_word().get(w).copied().flatten())
                .is_some_and(|s| s != row);
            let depends = lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| DEPENDS.contains(&w))
                || DEPENDS_ZH.iter().any(|w| lower.contains(w));
            opens_with_other && !named.contains(&row) && !depends && {
                let hits = self.matcher.hits(&text::normalize(lower));
                self.done.iter().any(|c| hits.has(c.id))
                    || self
                        .l1
                        .iter()
                        .any(|(_, cues)| cues.iter().any(|c| !c.faint && hits.has(c.id)))
                    // Its status after its name ("Intune NI, they keep Workspace ONE").
                    || {
                        let rest = lower
                            .trim_start()
                            .trim_start_matches(|c: char| c.is_alphanumeric())
                            .trim_start_matches([':', '：'])
                            .trim_start();
                        abbreviated_label(&rest.to_uppercase()).is_some()
                            || self.opening_label(&text::normalize(rest)).is_some()
                    }
            }
        };
        let kept: Vec<&str> = clauses
            .iter()
            .zip(&lowered)
            .filter(|(_, lower)| !news(lower))
            .map(|(clause, _)| *clause)
            .collect();
        if kept.len() == clauses.len() || kept.is_empty() {
            Cow::Borrowed(note)
        } else {
            Cow::Owned(kept.concat().trim().to_string())
        }
    }

    /// Where the note speaks of a partner and not of the customer, or opens with the
    /// partner and names the DIBS it owes, the silence it reports is the partner's: the
    /// evidence for an unresponsive customer goes to partner engagement.
    /// Whether it did.
    fn silence_of_the_partner(
        &self,
        cue: &mut [f32],
        hits: &text::Hits,
        note: &str,
        norm: &str,
    ) -> bool {
        if !self.partners.iter().any(|c| hits.has(c.id)) {
            return false;
        }
        // "Next try through the partner": the partner is the way to the customer, and the
        // silence is the customer's.
        if self.partner_channels.iter().any(|c| hits.has(c.id)) {
            if let (Some(silent), Some(partner)) = (self.unresponsive, self.partner_engagement) {
                if cue[silent] > 0.0 {
                    move_evidence(cue, partner, silent);
                }
            }
            return false;
        }
        // "Partner confirms it works with the customer but never sends the DIBS" is about
        // the partner's duty; "Partner tried to reach the customer" is not.
        let about_the_partner = !self.customers.iter().any(|c| hits.has(c.id))
            || (opens_with_partner(norm) && text::contains(norm, "dib", false))
            || self.silent_clauses_name_the_partner(note);
        match (self.unresponsive, self.partner_engagement) {
            (Some(silent), Some(partner)) if about_the_partner => {
                move_evidence(cue, silent, partner)
            }
            _ => false,
        }
    }

    /// Where the note names both the customer and the partner, whether the silence is said
    /// in clauses that name the partner and not the customer ("Kunde ist bereit, aber der
    /// Partner hat auf 3 Mails nicht geantwortet"), and in none that names the customer.
    fn silent_clauses_name_the_partner(&self, note: &str) -> bool {
        let Some(silent) = self.unresponsive else {
            return false;
        };
        let silence = |hits: &text::Hits| self.cues[silent].iter().any(|c| hits.has(c.id));
        let (mut partner, mut customer) = (false, false);
        for clause in text::clauses(note) {
            let norm = text::normalize(clause);
            let hits = self.matcher.hits(&norm);
            if !silence(&hits) {
                continue;
            }
            // The customer named as the one who asks ("auf 4 Anfragen des Kunden nicht
            // reagiert", "no ha respondido a 4 solicitudes del cliente") is not the silent one
            // (D265).
            const WHOSE: &[&str] = &["des ", "del ", "de los "];
            if self
                .customers
                .iter()
                .filter(|c| hits.has(c.id))
                .filter_map(|c| text::find(&norm, &c.text, c.whole))
                .any(|at| !WHOSE.iter().any(|w| norm[..at].ends_with(w)))
            {
                customer = true;
                continue;
            }
            // The partner is the one silent where the silence is said after it, with a
            // "no": not in "3 attempts by the FM and the partner".
            let at = self
                .partners
                .iter()
                .filter(|c| hits.has(c.id))
                .filter_map(|c| text::find(&norm, &c.text, c.whole))
                .min();
            if let Some(at) = at {
                let rest = &norm[at..];
                partner |= text::says_no(rest) && silence(&self.matcher.hits(rest));
            }
        }
        partner && !customer
    }

    /// Where the note opens with the partner ("Partner lost its only SPO migration
    /// engineer, replacement starts in Feb"), the staff and time it lacks are the
    /// partner's: the evidence for IT resourcing goes to partner engagement (D164).
    fn short_of_staff_at_the_partner(&self, cue: &mut [f32], norm: &str) {
        if let (Some(staff), Some(partner)) = (self.resourcing, self.partner_engagement) {
            if opens_with_partner(norm) {
                move_evidence(cue, staff, partner);
            }
        }
    }

    /// Where a note stays on-premises and names the network (bandwidth, lines, latency),
    /// the network is the block and staying on-premises its consequence (the playbook's
    /// counter-example: on-premises because of bandwidth is infrastructure): the evidence
    /// for staying goes to the infrastructure to remediate.
    fn kept_on_premises_by_the_network(&self, cue: &mut [f32], hits: &text::Hits) {
        if let (Some(stay), Some(infra)) = (self.on_premises, self.infrastructure) {
            if cue[infra] > 0.0 && self.network_limits.iter().any(|c| hits.has(c.id)) {
                move_evidence(cue, stay, infra);
            }
        }
    }

    /// A staff body's objection to what the service itself sends home ("staff reps object
    /// to Win10 telemetry; DPIA to works council"): where the note names the privacy L3
    /// that only such services have, the works council is who objects and the privacy is
    /// what, so the legal evidence is the adoption's (D243, D253).
    fn objection_to_the_services_privacy(
        &self,
        cue: &mut [f32],
        hits: &text::Hits,
        service: Option<Service>,
        l1_cue: &[f32],
    ) -> bool {
        let (Some(legal), Some(readiness)) = (self.legal, self.readiness) else {
            return false;
        };
        self.names_a_service_l3(readiness, hits, service, l1_cue[readiness] > 0.0)
            && move_evidence(cue, legal, readiness)
    }

    /// Where a note keeps a product of another vendor on its own or a local provider's
    /// servers ("Nextcloud on its own servers", "Zimbra hosted by their local provider")
    /// and names no Microsoft server product, what it keeps is that product: the evidence
    /// for staying on-premises goes to the competitive solution (D103), and so does the
    /// evidence for no value seen (D153).
    /// Whether the note leaves the competitor it names, with work reported done or a share
    /// of it ("1,800 of 3,000 users switched", "40 % der Inhalte verschoben"): then the
    /// competitor's evidence is the migration's, and the competitor earns no bonus. "Not
    /// leaving Slack" leaves nothing (D245).
    fn leaves_the_competitor(
        &self,
        cue: &mut [f32],
        hits: &text::Hits,
        note: &str,
        norm: &str,
    ) -> bool {
        let leaving = self.leaving.iter().any(|c| hits.affirms(c.id));
        let work =
            self.done.iter().any(|c| hits.has(c.id)) || counts_a_share(norm) || note.contains('%');
        // "No intent to migrate; revisit when the Box contract ends": the end of the
        // contract is when to ask again, not a move under way (D267).
        let declined = self
            .l1
            .iter()
            .filter(|(l1, _)| *l1 == L1::NoIntent)
            .flat_map(|(_, cues)| cues)
            .any(|c| hits.affirms(c.id));
        if !(leaving && work) || declined {
            return false;
        }
        if let (Some(rival), Some(migration)) = (self.competitive, self.migration) {
            move_evidence(cue, rival, migration);
        }
        true
    }

    fn kept_with_a_competitor(&self, cue: &mut [f32], competitor: bool, hits: &text::Hits) {
        if !competitor || self.microsoft_on_premises.iter().any(|c| hits.has(c.id)) {
            return;
        }
        if let (Some(stay), Some(rival)) = (self.on_premises, self.competitive) {
            move_evidence(cue, stay, rival);
        }
        // No value seen in the service beside a competitor named is the competitor kept
        // ("Barracuda in front of EXO, no reason to add ATP"); not where the note says IT
        // sets no standard at all, which is the sponsorship's own L3 (Edge).
        if let (Some(no_value), Some(rival)) = (self.sponsorship, self.competitive) {
            let no_standard = self
                .l3s_named(Some(no_value), hits)
                .any(|l3| l3.code() == NO_STANDARD);
            if !no_standard {
                move_evidence(cue, no_value, rival);
            }
        }
    }

    /// Whether the note reports work done and names nothing in its way: work under way,
    /// whatever infrastructure it names ("firewall rules for media ports done, QoS on the WAN
    /// configured, 3 of 8 sites live").
    fn reports_work_done(&self, hits: &text::Hits, norm: &str) -> bool {
        // Beside a share of the work counted done ("300 von 500 erledigt", "300 de 500
        // listos"), what is missing is the rest still to do, not an obstacle ("es fehlen
        // die Geräte im Werk", "faltan los de la planta") (D235).
        const REST: &[&str] = &["fehl", "falta", "missing"];
        self.done.iter().any(|c| hits.has(c.id))
            && !self.obstacles.iter().any(|c| {
                hits.has(c.id) && !(REST.contains(&c.text.as_str()) && counts_a_share(norm))
            })
    }

    /// Whether the note names a competitor's product: an L3 of "using a competitive
    /// solution" by its cues or its whole name.
    /// A name that is also a common word ("line") counts where the note writes it in
    /// capitals, as the product is written ("staff use LINE for all chat").
    fn names_a_competitor(&self, hits: &text::Hits, note: &str) -> bool {
        let Some(l2) = self.competitive.and_then(|i| self.classes[i].l2) else {
            return false;
        };
        let in_capitals = |code: &str| {
            note.split(|c: char| !c.is_alphanumeric()).any(|w| {
                w.len() > 1
                    && w.chars().all(|c| c.is_ascii_uppercase())
                    && w.eq_ignore_ascii_case(code)
            })
        };
        // The cues of "other" are products the taxonomy does not list by name (D103).
        let by_cue = self.l3s_named(self.competitive, hits).next().is_some();
        by_cue
            || self.l3_names.get(&l2).is_some_and(|names| {
                names.iter().any(|(l3, name, _)| {
                    hits.has(*name)
                        && (!COMMON_NAMES.contains(&l3.code()) || in_capitals(l3.code()))
                })
            })
    }

    /// Whether the note names a gap of the product by a cue of one of its L3s that applies
    /// to the service.
    fn names_a_gap(&self, hits: &text::Hits, service: Option<Service>) -> bool {
        self.l3s_named(self.product_gap, hits)
            .any(|l3| l3.code() != "other" && service.is_some_and(|s| l3.applies_to(s)))
    }

    /// The L3s of a status (by its index) that the note names by one of their cues.
    fn l3s_named<'a>(
        &'a self,
        class: Option<usize>,
        hits: &'a text::Hits,
    ) -> impl Iterator<Item = L3> + 'a {
        class
            .and_then(|i| self.classes[i].l2)
            .and_then(|l2| self.l3.get(&l2))
            .into_iter()
            .flatten()
            .filter(|c| c.cues.iter().any(|q| hits.has(q.id)))
            .map(|c| c.l3)
    }

    /// Whether the note names by its cue an L3 of status `i` that only some services have,
    /// one of them the note's ("diagnostic data" for Microsoft 365 Apps' privacy, VDI for
    /// Teams, EdgeHTML for Edge), where the note has words of the status's L1
    /// (`has_l1_words`): such an L3 is the status's own as a product gap's is (D120, D183,
    /// D194). Product gaps have their own bonus and competitors theirs; neither is counted
    /// here.
    fn names_a_service_l3(
        &self,
        i: usize,
        hits: &text::Hits,
        service: Option<Service>,
        has_l1_words: bool,
    ) -> bool {
        let Some(service) = service.filter(|_| has_l1_words) else {
            return false;
        };
        Some(i) != self.product_gap
            && Some(i) != self.competitive
            && self
                .l3s_named(Some(i), hits)
                .any(|l3| !l3.def().applies_to_all() && l3.applies_to(service))
    }

    /// Whether the note says a product cannot do something: its name followed by the
    /// words of an inability that is its own, or "not possible in" before it (D130).
    fn product_cannot(&self, norm: &str) -> bool {
        let boundary_before = |at: usize| {
            norm[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric() || text::is_cjk(c))
        };
        product_names().iter().any(|name| {
            let cjk_name = name.chars().next_back().is_some_and(text::is_cjk);
            norm.match_indices(name.as_str()).any(|(at, _)| {
                let end = at + name.len();
                let rest = &norm[end..];
                let bounded = cjk_name
                    || rest
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric() || text::is_cjk(c));
                if !bounded || !cjk_name && !boundary_before(at) {
                    return false;
                }
                let before = norm[..at].trim_end();
                if CANNOT_IN.iter().any(|p| before.ends_with(p)) {
                    return true;
                }
                let rest = rest.trim_start();
                (german_cannot(rest)
                    || PRODUCT_CANNOT_WHOLE.iter().any(|p| rest.starts_with(p))
                    || PRODUCT_CANNOT.iter().any(|p| {
                        rest.strip_prefix(p).is_some_and(|after| {
                            let after = after.trim_start();
                            !ROLLOUT_VERBS.iter().any(|v| after.starts_with(v))
                        })
                    }))
                    && !waits_on_the_customer(rest)
            })
        })
    }

    /// The L1 a note names in its first words ("Blocked: …", "受阻：…", "In Bearbeitung -
    /// …"), if any: the name must end there (a word boundary) and be followed by more.
    fn opening_label(&self, norm: &str) -> Option<L1> {
        // Whom the status is said of, before it, leaves it the note's opening ("Customer
        // has no intent at this time", "Kunde ist blockiert: …").
        const SUBJECTS: &[&str] = &[
            "the customer has ",
            "the customer is ",
            "customer has ",
            "customer is ",
            "cust has ",
            "cust is ",
            "der kunde hat ",
            "der kunde ist ",
            "kunde hat ",
            "kunde ist ",
            // A template's field ("Status: Blocked", "Estado: Bloqueado", "状态：受阻").
            "status ",
            "estado ",
            "状态 ",
        ];
        let label_at = |text: &str| {
            self.labels.iter().find_map(|(label, l1)| {
                let rest = text.strip_prefix(label.as_str())?;
                let next = rest.chars().next()?;
                let cjk = label.chars().last().is_some_and(text::is_cjk);
                // "进行中的推广已暂停": the name describes what follows, it is no label.
                let ends = cjk && next != '的' || !cjk && !next.is_alphanumeric();
                // "Keine Absicht zu erfahren" is an intent not learnt: the status is unknown.
                (ends && !rest.trim().is_empty() && !(*l1 == L1::NoIntent && unlearnt(rest)))
                    .then_some(*l1)
            })
        };
        let text = norm.trim_start();
        // "Status unknown: …" is a label whole.
        label_at(text).or_else(|| {
            SUBJECTS
                .iter()
                .find_map(|s| text.strip_prefix(s))
                .and_then(label_at)
        })
    }

    /// The status a note ends with, alone after a dash or a colon ("Discussed in the QBR
    /// on 11/18 – no intent.", "…：无意向。"): its conclusion, as a label opening it is
    /// (D274).
    fn closing_label(&self, note: &str) -> Option<L1> {
        self.closing_label_after_dash(note).or_else(|| {
            // After a comma only the capitals of a status: "5,000 seats, IP." (D291).
            [", ", "，"].iter().find_map(|s| {
                let at = note.rfind(s)? + s.len();
                abbreviation(note[at..].trim_matches(|c: char| !c.is_alphanumeric()))
            })
        })
    }

    /// The status a note ends with after a dash or a colon.
    fn closing_label_after_dash(&self, note: &str) -> Option<L1> {
        const BEFORE: &[&str] = &[" – ", " - ", " — ", "——", "—", ": ", "："];
        let at = BEFORE
            .iter()
            .filter_map(|s| note.rfind(s).map(|i| i + s.len()))
            .max()?;
        // A label is a few words: a longer rest is no label, and is not normalised.
        if note.len() - at > 32 {
            return None;
        }
        let raw = note[at..].trim_matches(|c: char| !c.is_alphanumeric());
        let last = text::normalize(raw);
        let last = last.trim_matches(|c: char| !c.is_alphanumeric());
        // A name of the status, or its abbreviation as FMs capitalise it ("… – NI.").
        let label = |name: &str, raw: &str| {
            self.labels
                .iter()
                .find(|(label, _)| label == name)
                .map(|(_, l1)| *l1)
                .or_else(|| abbreviation(raw))
        };
        label(last, raw).or_else(|| {
            // The status of the row's service, named by a code, name or alias of the
            // catalogue or by the capitals FMs shorten it to ("… – NI for ATP", "… – NI
            // para SPO") (D284).
            let (name, raw_name, service) = [" for ", " für ", " para "].iter().find_map(|w| {
                let (n, _) = last.split_once(w)?;
                let (r, svc) = raw.split_once(w)?;
                Some((n, r, svc))
            })?;
            let words: Vec<&str> = service
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            let named = (1..=2).contains(&words.len())
                && words.iter().all(|w| {
                    is_service_word(&w.to_lowercase())
                        || (2..=6).contains(&w.len())
                            && w.chars()
                                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                });
            named.then(|| label(name.trim(), raw_name.trim())).flatten()
        })
    }

    /// Whether a field's name is an L1's name ("Blocked" in "Blocked: TBD").
    fn is_label(&self, name: &str) -> bool {
        let name = text::normalize(name);
        let name = name.trim();
        self.labels.iter().any(|(label, _)| label == name)
    }

    /// The L1 a short heading before a colon ends with ("Teams Phone blocked: …",
    /// "Teams电话受阻：…"), if any.
    fn heading_label(&self, note: &str) -> Option<L1> {
        let (head, rest) = note.split_once([':', '：'])?;
        let head = text::normalize(head);
        let head = head.trim();
        let (words, cjk) = text::units(head);
        if rest.trim().is_empty() || words > 4 || cjk > 12 {
            return None;
        }
        self.labels.iter().find_map(|(label, l1)| {
            let before = head.strip_suffix(label.as_str())?;
            let cjk = label.chars().next().is_some_and(text::is_cjk);
            let starts = cjk || before.is_empty() || before.ends_with(' ');
            // "Hier nicht in Bearbeitung: …", "此处不是进行中：…", "No longer in progress: …"
            // deny the status.
            let denied = text::negated(before, cjk) || before.ends_with("不是");
            (starts && !denied).then_some(*l1)
        })
    }

    /// The L3 the note names for `l2`, if it applies to the service.
    /// Whether a cue of the L3 is in the note (not only its L2's one L3 taken).
    fn l3_cued(&self, l2: L2, l3: L3, hits: &text::Hits) -> bool {
        self.l3.get(&l2).is_some_and(|list| {
            list.iter()
                .filter(|c| c.l3 == l3)
                .any(|c| c.cues.iter().any(|q| hits.has(q.id)))
        })
    }

    fn l3_for(&self, l2: L2, hits: &text::Hits, service: Option<Service>) -> Option<L3> {
        let applies = |l3: L3| service.is_none_or(|s| l3.applies_to(s));
        if let Some(list) = self.l3.get(&l2) {
            let best = list
                .iter()
                .filter(|c| applies(c.l3))
                .map(|c| {
                    let w: f32 = c
                        .cues
                        .iter()
                        .filter(|q| hits.has(q.id))
                        .map(|q| q.weight)
                        .sum();
                    (c.l3, w)
                })
                .filter(|(_, w)| *w > 0.0)
                .max_by(|a, b| a.1.total_cmp(&b.1));
            if let Some((l3, _)) = best {
                return Some(l3);
            }
        }
        // An L3 whose name the note says (competitors, products, features).
        let named = self.l3_names.get(&l2).and_then(|names| {
            names
                .iter()
                .filter(|(l3, _, _)| applies(*l3))
                .find(|(_, name, word)| hits.has(*name) || word.is_some_and(|w| hits.has(w)))
                .map(|(l3, _, _)| *l3)
        });
        // An L2 with one L3 has it whatever the note says: Legal/Regulatory's Legal, and
        // Service Reliability's Other, the only choice FTOP leaves (D248).
        // So is an L2 with one L3 for the service: Teams' Adoption/Readiness has Other
        // alone, its Privacy being for Office and Windows (D281).
        named.or_else(|| {
            let mut l3s = l2.l3s().filter(|l3| applies(*l3));
            match (l3s.next(), l3s.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The top proposal's L1 and L2 are these.
    fn assert_top(note: &str, service: &str, l1: &str, l2: Option<&str>) {
        let (got1, got2, _) = top(note, service);
        assert_eq!((got1.as_str(), got2.as_deref()), (l1, l2), "{note}");
    }

    /// The labelled L1 and L2 are among the first three proposals.
    fn assert_among_three(note: &str, service: &str, l1: &str, l2: &str) {
        let s = engine().suggest(note, Service::resolve(service));
        assert!(
            s.proposals
                .iter()
                .take(3)
                .any(|p| p.l1.code() == l1 && p.l2.map(|x| x.code()) == Some(l2)),
            "{note}: {:?}",
            s.proposals
        );
    }

    /// Each (note, service, L3) answered first with that L3.
    fn assert_l3s(cases: &[(&str, &str, &str)]) {
        for (note, service, l3) in cases {
            assert_eq!(top(note, service).2.as_deref(), Some(*l3), "{note}");
        }
    }

    /// Each (note, service, L1, L2) answered first as labelled; an empty L2 is none.
    fn assert_cases(cases: &[(&str, &str, &str, &str)]) {
        let mut bad = Vec::new();
        for (note, service, l1, l2) in cases {
            let (got1, got2, _) = top(note, service);
            if (got1.as_str(), got2.as_deref()) != (*l1, (!l2.is_empty()).then_some(*l2)) {
                bad.push(format!(
                    "{note}\n    labelled {l1}/{l2}, answered {got1}/{}",
                    got2.unwrap_or_default()
                ));
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    #[test]
    fn the_cases_of_sets_161_to_167_in_four_languages() {
        assert_cases(&[
            // A standard browser named is the browser in use (D115).
            ("Chrome is the managed standard browser (GPO, extension allow-list); no intent to switch to Edge, no business driver for it.", "edge", "no-intent", "using-competitive-solution"),
            ("Chrome ist der verwaltete Standardbrowser (GPO, Erweiterungs-Allowlist); keine Absicht, auf Edge zu wechseln, kein geschäftlicher Treiber.", "edge", "no-intent", "using-competitive-solution"),
            ("Die IT gibt keinen Standardbrowser vor, Nutzer wählen selbst Chrome oder Firefox; Edge wird nicht forciert.", "edge", "no-intent", "executive-sponsorship"),
            // The helpdesk is IT staff.
            ("Helpdesk has no M365 Apps training; rollout waits until the 25 agents are trained in Feb.", "officeproplus", "blocked", "it-change-management-resourcing"),
            ("Helpdesk ist nicht auf M365 Apps geschult; Rollout wartet, bis die 25 Agents im Feb. geschult sind.", "officeproplus", "blocked", "it-change-management-resourcing"),
            ("服务台没有接受过M365 Apps培训；部署要等25名客服人员2月培训完成。", "officeproplus", "blocked", "it-change-management-resourcing"),
            // Interop with another meeting platform is a capability of the product.
            ("Cust needs Teams<>Webex meeting interop for 40 Webex room systems; won't move meetings to Teams until that works.", "teams", "blocked", "product-feature-capability"),
            ("客户需要Teams与Webex的会议互通，用于40套Webex会议室系统；在实现之前不会把会议迁到Teams。", "teams", "blocked", "product-feature-capability"),
            // A competitor's content imported is a migration under way.
            ("Slack export 60% imported into Teams.", "teams", "in-progress", "migration"),
            ("Slack-Export zu 60 % in Teams importiert.", "teams", "in-progress", "migration"),
            ("Exportación de Slack importada al 60 % en Teams.", "teams", "in-progress", "migration"),
            ("Slack导出数据已导入Teams 60%。", "teams", "in-progress", "migration"),
            // SharePoint farm solutions, SBCs replaced, staff who refuse.
            ("Farm solutions (WSP) can't move to SPO.", "sharepoint", "blocked", "app-compatibility"),
            ("场解决方案（WSP）无法迁到SPO。", "sharepoint", "blocked", "app-compatibility"),
            ("El cliente no desplegará la telefonía de Teams hasta sustituir los SBC de 12 sedes; los modelos AudioCodes actuales no admiten Direct Routing.", "teams", "blocked", "customer-it-infrastructure-remediation"),
            ("Staff refuse to enroll personal phones because they fear IT can read their data; no BYOD rollout until the privacy FAQ and opt-in campaign are done.", "intune", "blocked", "adoption-readiness"),
            ("Yammer came with the E3 upgrade in Nov; intent not gathered, the comms team is the owner to ask.", "yammer", "status-unknown", "new-subscription-or-workload"),
            ("Desplegando M365 Apps.", "officeproplus", "in-progress", "technical-onboarding-deployment"),
            // A phrase held inside a longer phrase of another status is that one's evidence:
            // "not ready" inside "network not ready".
            ("Network not ready.", "teams", "blocked", "customer-it-infrastructure-remediation"),
            ("La red no está preparada.", "teams", "blocked", "customer-it-infrastructure-remediation"),
            ("Users not ready, no training yet.", "teams", "blocked", "adoption-readiness"),
        ]);
    }

    #[test]
    fn the_cases_of_sets_170_and_171_spanish_and_chinese_first() {
        assert_cases(&[
            // A consultancy running the project is its partner.
            ("Das Beratungshaus, das das Projekt führt, antwortet seit drei Wochen nicht, und der Kunde will ohne sie nicht weitermachen.", "teams", "blocked", "partner-engagement"),
            ("La consultora que lleva el proyecto no contesta desde hace tres semanas y el cliente no quiere seguir sin ellos.", "teams", "blocked", "partner-engagement"),
            ("Die Regulierung verlangt, dass Kundenservice-Anrufe von einem zertifizierten Anbieter aufgezeichnet werden; bis einer mit Teams-Kompatibilität validiert ist, wird die Telefonie nicht migriert.", "sfb-cloud-pbx", "blocked", "legal-regulatory"),
            ("法规要求客服电话必须由认证服务商录音；在验证到兼容Teams的服务商之前，电话系统不迁移。", "sfb-cloud-pbx", "blocked", "legal-regulatory"),
            ("Not enough IT staff.", "sharepoint", "blocked", "it-change-management-resourcing"),
            ("Teams is unstable in China.", "teams", "blocked", "service-reliability"),
            // Domestic Linux desktops replacing Windows.
            ("Staatliche Projekte verlangen heimische IT (Xinchuang): alle Büro-PCs wechseln auf UOS-Linux, keine Windows-Käufe mehr.", "windows-10", "no-intent", "using-competitive-solution"),
            ("政府项目要求信创，办公终端全部换成统信UOS，不再采购Windows。", "windows-10", "no-intent", "using-competitive-solution"),
            ("Teams habilitado para todos, 72 % de actividad semanal; ahora se implantan salas de reuniones y aprobaciones.", "teams", "in-progress", "solution-or-user-adoption"),            // Skype for Business users moved to Teams is a migration; no software distribution
            // tool is infrastructure.
            ("SfB->Teams upgrde in prog, 60% usrs in TeamsOnly, rest after PSTN porting in Jan", "teams", "in-progress", "migration"),
            ("SfB到Teams升级进行中，60%用户已是TeamsOnly，其余等1月PSTN号码迁移后", "teams", "in-progress", "migration"),
            ("kein Softwareverteilungstool: SCCM abgeschaltet & Intune nicht bereit, M365 Apps lassen sich nicht auf 900 PCs verteilen", "officeproplus", "blocked", "customer-it-infrastructure-remediation"),
            ("PBI: sin sponsor de negocio, el CFO se fue en sept. y no hay sustituto, nadie es dueño de los informes", "power-bi", "no-intent", "executive-sponsorship"),        ]);
    }

    #[test]
    fn the_rarer_l3s_of_sets_176_and_177() {
        assert_cases(&[
            ("IE11 stays the corporate browser for the SAP portal and the intranet; no Edge rollout until the portal upgrade in 2027.", "edge", "no-intent", "using-microsoft-on-premises-solution"),
            ("Outlook mobile doesn't visually separate corporate and personal accounts; legal insists on a clear split before the rollout.", "exchange-outlook-mobile", "blocked", "product-feature-capability"),
            ("Outlook移动版没有在视觉上区分公司账户和个人账户；法务要求推广前必须明确区分。", "exchange-outlook-mobile", "blocked", "product-feature-capability"),
            ("Engineers carry 6-8 test devices each and hit the 5-device enrolment limit per user; the DEM account workaround was rejected.", "intune", "blocked", "product-feature-capability"),
            ("Design files are protected with Seclore IRM shared with suppliers; AIP can't open Seclore-protected files, so no switch.", "aip", "blocked", "product-feature-capability"),
            ("Customer needs geofencing to wipe corporate data when devices leave the plant; Intune has no geofencing.", "intune", "blocked", "product-feature-capability"),
            ("Kunde braucht Geofencing, um Firmendaten zu löschen, wenn Geräte das Werksgelände verlassen; Intune bietet kein Geofencing.", "intune", "blocked", "product-feature-capability"),
            ("No way to manage M365 Apps updates: WSUS only, no SCCM or Intune, and IT won't allow updates from the CDN.", "officeproplus", "blocked", "customer-it-infrastructure-remediation"),
            ("New Project licences.", "project-online-essentials", "status-unknown", "new-subscription-or-workload"),
            ("Sie wollen paginierte Berichte erst auf Premium-Kapazität testen, für P1 gibt es aber keine kostenlose Testversion, also bewegt sich nichts ohne Budget.", "power-bi", "blocked", "billing-licensing-subscription"),
            // A gap named beside work under way is no block.
            ("Dial-in numbers ported, Audio Conferencing live for 2,000 users.", "teams", "in-progress", "technical-onboarding-deployment"),
            // The native mail app blocked is Outlook mobile's rollout enforced (set 180).
            ("Outlook Mobile mit Intune-App-Schutz: 900 von 1.400 Handys erledigt, native Mail-App ab 1. Feb. per CA gesperrt.", "exchange-outlook-mobile", "in-progress", "technical-onboarding-deployment"),
            ("Outlook móvil con protección de aplicaciones de Intune: 900 de 1.400 móviles hechos, correo nativo bloqueado por CA desde el 1 de feb.", "exchange-outlook-mobile", "in-progress", "technical-onboarding-deployment"),
        ]);
    }

    fn top(note: &str, service: &str) -> (String, Option<String>, Option<String>) {
        let s = engine().suggest(note, Service::resolve(service));
        let p = &s.proposals[0];
        (
            p.l1.code().to_string(),
            p.l2.map(|x| x.code().to_string()),
            p.l3.map(|x| x.code().to_string()),
        )
    }

    #[test]
    fn words_no_cue_lists_are_learnt_from_the_training_notes() {
        // "Quokka" is in no cue list: only the notes it was trained on can tell.
        let line = |note: &str, l2: &str| {
            format!(
                r#"{{"lang":"en","workload":"teams","note":"{note}","l1":"blocked","l2":"{l2}"}}"#
            )
        };
        let trained = |quokka: &str, other: &str| {
            let notes = [
                line("quokka rollout stuck at the quokka gateway", quokka),
                line("quokka gateway again refuses the client", quokka),
                line("rules at the branches", other),
            ];
            let e = Engine::from_data(CUES, &notes.join("\n")).unwrap();
            let s = e.suggest("waiting on the quokka gateway", None);
            s.proposals[0].l2.map(|x| x.code())
        };
        let (app, infra) = (
            "app-compatibility",
            "customer-it-infrastructure-remediation",
        );
        assert_eq!(trained(app, infra), Some(app));
        assert_eq!(trained(infra, app), Some(infra));
    }

    #[test]
    fn seats_that_came_with_a_renewal_and_workstations_shared_by_shift_find_their_reason() {
        let su = ("status-unknown", "new-subscription-or-workload");
        let ar = ("blocked", "adoption-readiness");
        for (note, (l1, l2)) in [
            ("300 extra E3 seats came with the renewal, not clear whether they intend to deploy", su),
            ("200 zusätzliche E3-Lizenzen kamen mit der Verlängerung", su),
            ("Con la renovación llegaron 200 puestos más, no está claro si piensan desplegarlos", su),
            ("续约时多了200个席位，不清楚是否打算部署", su),
            ("Warehouse PCs are shared by several workers per shift; sign-in to the desktop apps fails", ar),
            ("Im Lager teilen sich mehrere Werker einen PC, die Anmeldung an den Desktop-Apps scheitert", ar),
            ("Los PCs del almacén los comparten varios operarios por turno y el inicio de sesión falla", ar),
            ("仓库电脑多人共用，登录桌面应用失败", ar),
        ] {
            assert_top(note, "office", l1, Some(l2));
        }
    }

    #[test]
    fn a_tender_a_sponsor_gone_and_a_plan_without_desktop_apps_find_their_reason() {
        assert_cases(&[
            (
                "Procurement law requires a formal tender for Exchange Online",
                "exchange",
                "blocked",
                "legal-regulatory",
            ),
            (
                "Vergaberecht: Ausschreibung für den Cloud-Dienst läuft",
                "exchange",
                "blocked",
                "legal-regulatory",
            ),
            (
                "La ley de contratación exige licitación para la nube",
                "exchange",
                "blocked",
                "legal-regulatory",
            ),
            (
                "采购法规定云服务要公开招标",
                "exchange",
                "blocked",
                "legal-regulatory",
            ),
            (
                "Der Sponsor ist gegangen, das Projekt liegt verwaist",
                "teams",
                "no-intent",
                "executive-sponsorship",
            ),
            (
                "El sponsor se fue y el proyecto se ha quedado huérfano",
                "teams",
                "no-intent",
                "executive-sponsorship",
            ),
            (
                "项目发起人离职了，接任者没有接手",
                "teams",
                "no-intent",
                "executive-sponsorship",
            ),
            (
                "Only have E1, no desktop apps; upgrade to E3 in next FY budget",
                "office",
                "blocked",
                "billing-licensing-subscription",
            ),
            (
                "Solo tienen E1, sin apps de escritorio; upgrade a E3 el año que viene",
                "office",
                "blocked",
                "billing-licensing-subscription",
            ),
            (
                "只有E1，没有桌面版，明年预算升级E3",
                "office",
                "blocked",
                "billing-licensing-subscription",
            ),
            (
                "La admin de Exchange está de baja por maternidad y nadie más sabe hacerlo",
                "exchange",
                "blocked",
                "it-change-management-resourcing",
            ),
        ]);
    }

    #[test]
    fn a_block_resolved_and_a_reason_named_after_what_is_settled_read_as_meant() {
        assert_cases(&[
            ("Earlier block (proxy) cleared in Jan; mailbox batches back on track, 40% moved", "exchange", "in-progress", "migration"),
            ("El bloqueo anterior (proxy) se resolvió en enero; los lotes de buzones siguen, 40 % migrados", "exchange", "in-progress", "migration"),
            ("之前的阻碍（代理）一月已解决，邮箱批次恢复，已迁40%", "exchange", "in-progress", "migration"),
            ("Technik bereit, aber die Mitarbeiter brauchen zuerst Schulungsunterlagen auf Polnisch", "teams", "blocked", "adoption-readiness"),
            ("La parte técnica está lista, pero falta material de formación en polaco", "teams", "blocked", "adoption-readiness"),
            ("Necesitan etiquetas de retención por carpeta en SPO, que aún no se admite", "sharepoint", "blocked", "product-feature-capability"),
            ("管理委员会否决了Teams，IT以上没人支持", "teams", "no-intent", "executive-sponsorship"),
        ]);
    }

    #[test]
    fn words_the_model_is_sure_of_give_a_reason_no_cue_names() {
        let line = |note: &str, l2: &str| {
            format!(
                r#"{{"lang":"en","workload":"teams","note":"{note}","l1":"blocked","l2":"{l2}"}}"#
            )
        };
        let mut notes: Vec<String> = Vec::new();
        for i in 0..6 {
            notes.push(line(
                &format!("firewall rules at branch {i} drop the traffic of the proxy this week"),
                "customer-it-infrastructure-remediation",
            ));
            notes.push(line(
                &format!("the admin team is busy with project {i} again this week"),
                "it-change-management-resourcing",
            ));
        }
        let learnt: Vec<String> = (0..6)
            .map(|i| {
                line(
                    &format!("blocked: the quokka wombat numbat again this week {i}"),
                    "app-compatibility",
                )
            })
            .collect();
        let note = "Blocked: the quokka wombat numbat again this week";
        let all = [notes.clone(), learnt].concat();
        let sure = Engine::from_data(CUES, &all.join("\n")).unwrap();
        let s = sure.suggest(note, None);
        assert_eq!(
            s.proposals[0].l2.map(|x| x.code()),
            Some("app-compatibility")
        );
        assert!(
            !s.grade
                .reasons
                .iter()
                .any(|r| r.code == ReasonCode::NoReason),
            "{:?}",
            s.grade.reasons
        );
        // Words the model has not learnt give no reason.
        let unsure = Engine::from_data(CUES, &notes.join("\n")).unwrap();
        let s = unsure.suggest(note, None);
        assert!(
            s.grade
                .reasons
                .iter()
                .any(|r| r.code == ReasonCode::NoReason),
            "{:?}",
            s.grade.reasons
        );
    }

    #[test]
    fn mail_a_telco_hosts_stays_where_it_is_and_master_pages_are_customisations() {
        let op = ("no-intent", "using-microsoft-on-premises-solution");
        let ac = ("blocked", "app-compatibility");
        for (note, service, (l1, l2)) in [
            (
                "Mail hosted by their regional telco with the internet contract",
                "exchange",
                op,
            ),
            (
                "Die Mails hostet der regionale Telko im Rahmen des Internetvertrags",
                "exchange",
                op,
            ),
            ("邮件由电信运营商托管，不打算换", "exchange", op),
            (
                "The intranet depends on custom master pages that SPO does not offer",
                "sharepoint",
                ac,
            ),
            (
                "Das Intranet hängt an eigenen Masterpages, die SPO nicht bietet",
                "sharepoint",
                ac,
            ),
            (
                "La intranet depende de páginas maestras personalizadas que SPO no ofrece",
                "sharepoint",
                ac,
            ),
        ] {
            assert_top(note, service, l1, Some(l2));
        }
    }

    #[test]
    fn a_document_system_on_mapi_and_staff_without_digital_skills_find_their_reason() {
        assert_cases(&[
            ("Their document management system talks to Exchange only via MAPI, vendor connector outdated", "exchange", "blocked", "app-compatibility"),
            ("El sistema de gestión documental solo habla MAPI con Exchange, conector obsoleto", "exchange", "blocked", "app-compatibility"),
            ("文档管理系统只支持MAPI，连接器过时", "exchange", "blocked", "app-compatibility"),
            ("Store staff lack basic digital skills, training programme not agreed yet", "teams", "blocked", "adoption-readiness"),
            ("Los empleados de tienda no tienen competencias digitales básicas", "teams", "blocked", "adoption-readiness"),
            ("门店员工缺乏基本的数字技能", "teams", "blocked", "adoption-readiness"),
        ]);
    }

    #[test]
    fn no_value_seen_is_sponsorship_unless_the_note_names_what_they_keep_instead() {
        assert_cases(&[
            (
                "No need for Teams: 30 people in one office, management sees no business case",
                "teams",
                "no-intent",
                "executive-sponsorship",
            ),
            (
                "Kein BDM oder Sponsor für SharePoint gefunden, keine Abteilung ist zuständig",
                "sharepoint",
                "no-intent",
                "executive-sponsorship",
            ),
            (
                "La dirección ve la gestión de dispositivos como un gasto sin retorno",
                "intune",
                "no-intent",
                "executive-sponsorship",
            ),
            (
                "Business sees no benefit in SPO over their SharePoint Server 2019 intranet",
                "sharepoint",
                "no-intent",
                "using-microsoft-on-premises-solution",
            ),
            (
                "No need for Teams meetings, Webex is in every room",
                "teams",
                "no-intent",
                "using-competitive-solution",
            ),
            (
                "Service purchased for licensing rights for on-prem deployment only",
                "sharepoint",
                "no-intent",
                "using-microsoft-on-premises-solution",
            ),
            (
                "La dirección apoya Teams, pero TI no tiene a nadie libre hasta septiembre",
                "teams",
                "blocked",
                "it-change-management-resourcing",
            ),
        ]);
    }

    #[test]
    fn no_datacenter_region_in_the_country_is_a_feature_gap() {
        // The playbook files "unable to deploy until a data center is available within
        // country" under Product Feature/Capability, whatever law asks for it (D91).
        assert_cases(&[
            (
                "Mail must stay in-country and there is no local Microsoft datacenter region for EXO yet",
                "exchange",
                "blocked",
                "product-feature-capability",
            ),
        ]);
    }

    #[test]
    fn a_provider_contracted_that_keeps_postponing_is_partner_engagement() {
        assert_cases(&[
            (
                "The provider contracted for the migration keeps postponing the start",
                "sharepoint",
                "blocked",
                "partner-engagement",
            ),
            (
                "El proveedor contratado sigue posponiendo el inicio, evalúan cambiar de proveedor",
                "sharepoint",
                "blocked",
                "partner-engagement",
            ),
            (
                "签约的供应商一再推迟开工，客户考虑换供应商",
                "sharepoint",
                "blocked",
                "partner-engagement",
            ),
        ]);
    }

    #[test]
    fn a_note_that_reports_other_workloads_done_is_read_for_its_own() {
        assert_cases(&[
            ("EXO done and Teams live; SharePoint stuck because approval workflows are built on Nintex for SP 2013", "sharepoint", "blocked", "app-compatibility"),
            ("EXO fertig, Teams läuft; SharePoint hängt an Workflows auf Nintex für SP 2013", "sharepoint", "blocked", "app-compatibility"),
            ("Pilot went well, but the Exchange team was moved to the cyber incident response until June", "exchange", "blocked", "it-change-management-resourcing"),
            ("Teams y EXO en marcha; SharePoint espera el cuadro de clasificación que exige la ley de archivos", "sharepoint", "blocked", "legal-regulatory"),
        ]);
    }

    #[test]
    fn training_notes_that_cannot_be_read_are_named_by_line() {
        let good = r#"{"lang":"en","note":"x","l1":"blocked","l2":"app-compatibility"}"#;
        let err = Engine::from_data(CUES, &format!("{good}\n\nnot json"))
            .err()
            .unwrap();
        assert!(err.contains("line 3"), "{err}");
        let err = Engine::from_data(
            CUES,
            r#"{"lang":"en","note":"x","l1":"blocked","l2":"nonsense"}"#,
        )
        .err()
        .unwrap();
        assert!(err.contains("line 1") && err.contains("nonsense"), "{err}");
        // A note filed under an L1 alone is left out, not refused.
        assert!(Engine::from_data(
            CUES,
            r#"{"lang":"en","note":"x","l1":"no-intent","l2":null}"#
        )
        .is_ok());
        assert!(Engine::from_data("{}", good)
            .err()
            .unwrap()
            .contains("cue file"));
    }

    #[test]
    fn every_cue_names_a_known_status_and_the_engine_loads() {
        let e = engine();
        assert_eq!(e.classes.len(), 19);
        assert!(!e.likelihood.is_empty());
    }

    #[test]
    fn a_cue_listed_in_several_languages_counts_once() {
        let e = engine();
        for list in e.cues.iter().chain(e.l1.iter().map(|(_, c)| c)) {
            let mut ids: Vec<usize> = list.iter().map(|q| q.id).collect();
            let n = ids.len();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), n);
        }
        // "SAP" (listed in all four languages for app compatibility) does not outweigh
        // an IT team without capacity.
        assert_eq!(
            top(
                "TI sin capacidad por la migración de SAP, como pronto en 2027",
                "sharepoint"
            )
            .1,
            Some("it-change-management-resourcing".to_string())
        );
    }

    #[test]
    fn german_compounds_and_fm_shorthand_find_their_status() {
        for (note, service, l2) in [
            (
                "Postfachmigration von Notes läuft, 2.000 von 5.000 umgezogen",
                "exchange",
                "migration",
            ),
            (
                "new EMS E5 SKU added last wk, not engaged yet",
                "intune",
                "new-subscription-or-workload",
            ),
            (
                "partner went dark, no answer from partner PM in 6 wks",
                "intune",
                "partner-engagement",
            ),
            (
                "stays on SP2016 on prem, just bought new servers",
                "sharepoint",
                "using-microsoft-on-premises-solution",
            ),
            (
                "der einzige SharePoint-Admin hat das Unternehmen verlassen, Nachfolger ab Februar",
                "sharepoint",
                "it-change-management-resourcing",
            ),
        ] {
            assert_eq!(top(note, service).1.as_deref(), Some(l2), "{note}");
        }
        // A tenant made by mistake is Duplicate/Invalid, though its licences are mentioned.
        for note in [
            "tenant was created by mistake during a trial, all licences moved to the production tenant",
            "该租户是试用时误建的，所有许可证已转到生产租户",
        ] {
            assert_eq!(top(note, "teams").0, "duplicate-invalid", "{note}");
        }
        assert_eq!(
            top(
                "E3 added to tenant on 1 Nov, first outreach planned, no contact made yet",
                "exchange"
            )
            .1
            .as_deref(),
            Some("new-subscription-or-workload")
        );
    }

    #[test]
    fn terse_notes_in_each_language_get_their_status() {
        for (note, service, l2) in [
            (
                "cust on Slack + Zoom, renewed 3y, no intent for Teams",
                "teams",
                "using-competitive-solution",
            ),
            (
                "FW/proxy blocks EXO traffic, netzwerk team reconfiguring",
                "exchange",
                "customer-it-infrastructure-remediation",
            ),
            (
                "Betriebsrat hat Teams noch nicht freigegeben (Betriebsvereinbarung fehlt)",
                "teams",
                "legal-regulatory",
            ),
            (
                "compraron E1 en vez de E3, SKU equivocado, corrigiendo licencias",
                "teams",
                "billing-licensing-subscription",
            ),
            (
                "客户用钉钉开会，没有使用Teams的意向",
                "teams",
                "using-competitive-solution",
            ),
            (
                "3次邮件2次电话都没有回复，托管客户",
                "exchange",
                "customer-unresponsive",
            ),
        ] {
            assert_eq!(top(note, service).1.as_deref(), Some(l2), "{note}");
        }
    }

    #[test]
    fn an_l3_is_proposed_when_the_note_names_it() {
        let (_, l2, l3) = top(
            "Blocked: firewall drops traffic to EXO, network team on it",
            "exchange",
        );
        assert_eq!(
            l2.as_deref(),
            Some("customer-it-infrastructure-remediation")
        );
        assert_eq!(l3.as_deref(), Some("network"));
    }

    #[test]
    fn proposals_are_ranked_and_add_up_to_one() {
        let s = engine().suggest(
            "Migrating mailboxes from Exchange 2013, 40% moved",
            Service::resolve("exchange"),
        );
        assert!(s.proposals.len() >= 3);
        assert!(s.proposals.windows(2).all(|w| w[0].score >= w[1].score));
        let sum: f32 = s.proposals.iter().map(|p| p.score).sum();
        assert!(sum <= 1.0001 && sum > 0.5, "{sum}");
        assert_eq!(s.proposals[0].l2.map(|x| x.code()), Some("migration"));
    }

    #[test]
    fn a_cue_ending_in_a_bar_matches_only_the_whole_word() {
        // "gesetz|" (law) is a cue for Legal/Regulatory; "gesetzt" (set, put) is not law.
        assert_eq!(
            top(
                "Projekt auf Eis gesetzt, Partnerwechsel läuft, neuer Partner ab Januar",
                "intune"
            )
            .1
            .as_deref(),
            Some("partner-engagement")
        );
        assert_eq!(
            top(
                "Blockiert: neues Gesetz zur Datenhaltung, Rechtsabteilung prüft",
                "teams"
            )
            .1
            .as_deref(),
            Some("legal-regulatory")
        );
        assert!(cue("gesetz|").whole && !cue("gesetz").whole);
    }

    #[test]
    fn moving_away_from_a_competitor_is_a_migration() {
        // A competitor's name weighs for "using a competitive solution"; migrating from it
        // is progress.
        for note in [
            "migrating from Google Workspace, 1st batch of 300 mbx done, next batch 15 Nov",
            "migración desde Gmail, primer lote de 500 buzones completado",
        ] {
            assert_top(note, "exchange", "in-progress", Some("migration"));
        }
        assert_eq!(
            top("cust on Google Workspace, no plans to move", "exchange")
                .1
                .as_deref(),
            Some("using-competitive-solution")
        );
    }

    #[test]
    fn a_competitor_named_beside_no_interest_is_the_reason() {
        // "No interest" says No Intent, not why; the competitor beside it is the why.
        for note in [
            "Kunde nutzt Slack, kein Interesse an Teams",
            "Customer uses Slack, no interest in Teams",
            "Cliente usa Slack, sin interés en Teams",
            "客户使用 Slack，对 Teams 没有兴趣",
            // No need is no interest too.
            "El cliente está contento con Zoom, no ve necesidad de Teams",
            "Macs managed w/ Jamf, only ~50 Win devices, cust sees no need for Intune",
        ] {
            assert_top(
                note,
                "teams",
                "no-intent",
                Some("using-competitive-solution"),
            );
        }
        // Alone, no interest is still No Intent.
        assert_eq!(top("客户目前没兴趣", "teams").0, "no-intent");
    }

    #[test]
    fn work_that_was_blocked_and_resumed_is_in_progress() {
        for note in [
            "Was blocked on the hybrid cert, cert renewed last wk, mailbox moves restarted (200/1500)",
            "War blockiert wegen Zertifikat, jetzt erneuert – Migration läuft wieder, 200 von 1500 Postfächern",
            "Estaba bloqueado por el certificado, ya renovado; migración reanudada (200/1500 buzones)",
            "之前因证书问题受阻，证书已更新，邮箱迁移已恢复（200/1500）",
        ] {
            assert_top(note, "exchange", "in-progress", Some("migration"));
        }
    }

    #[test]
    fn work_the_note_says_was_stopped_is_blocked_by_its_cause() {
        for note in [
            "Customer paused the mailbox migration after repeated Exchange Online outages in their region; they want a stable quarter first.",
            "Kunde hat die Postfachmigration nach mehreren Exchange-Online-Ausfällen gestoppt und will erst ein stabiles Quartal abwarten.",
            "El cliente detuvo la migración de buzones tras varias caídas de Exchange Online y quiere un trimestre estable antes de seguir.",
            "由于所在区域 Exchange Online 多次中断，客户暂停了邮箱迁移，希望先观察一个季度的稳定性。",
        ] {
            assert_top(note, "exchange", "blocked", Some("service-reliability"));
        }
        // Started again, the same work is under way.
        assert_top(
            "Migration was paused after the outages, resumed last week: 1,200 of 4,000 mailboxes moved",
            "exchange",
            "in-progress",
            Some("migration"),
        );
    }

    #[test]
    fn the_playbooks_own_wording_finds_its_reason_in_every_language() {
        for (note, l2) in [
            ("Customer needs end-user training.", "adoption-readiness"),
            ("Kunde braucht Endbenutzerschulung.", "adoption-readiness"),
            (
                "El cliente necesita formación de usuarios.",
                "adoption-readiness",
            ),
            ("客户需要最终用户培训。", "adoption-readiness"),
            (
                "Customer does not have the ability to manage the deployment with existing staff.",
                "it-change-management-resourcing",
            ),
            (
                "Kunde kann das Rollout mit dem vorhandenen Personal nicht stemmen.",
                "it-change-management-resourcing",
            ),
            (
                "El cliente no puede gestionar el despliegue con el personal actual.",
                "it-change-management-resourcing",
            ),
            (
                "客户无法用现有人员管理部署。",
                "it-change-management-resourcing",
            ),
        ] {
            assert_top(note, "teams", "blocked", Some(l2));
        }
    }

    #[test]
    fn a_tenant_that_duplicates_another_is_duplicate_invalid() {
        for note in [
            "This tenant duplicates another one which carries the same licences; counting both doubles the seats.",
            "Dieser Tenant ist ein Duplikat eines anderen Tenants mit denselben Lizenzen.",
            "Este tenant es un duplicado de otro con las mismas licencias; contarlo dos veces duplica los puestos.",
            "该租户与另一个租户重复，许可证相同。",
        ] {
            assert_eq!(top(note, "exchange").0, "duplicate-invalid", "{note}");
        }
    }

    #[test]
    fn the_hashtags_fms_write_name_their_status() {
        // domain.md 4.9: "#SPOblocker", "#Compete", "#Compliance" in front of the note.
        for (note, l1, l2) in [
            (
                "#SPOblocker 03/11 MK: cust file server has 40M files w/ broken ACLs, cleanup project owned by their infra team, est. Feb",
                "blocked",
                "customer-it-infrastructure-remediation",
            ),
            (
                "#SPOblocker 11/03 MK：文件服务器有 4000 万文件且权限混乱，客户基础架构团队清理中，预计二月完成",
                "blocked",
                "customer-it-infrastructure-remediation",
            ),
            (
                "#Compliance Archivierung der Chats nach MiFID II von Compliance noch nicht freigegeben",
                "blocked",
                "legal-regulatory",
            ),
            (
                "Teams BVD Declined: Kunde sieht keinen Mehrwert gegenüber Zoom",
                "no-intent",
                "using-competitive-solution",
            ),
        ] {
            let (got_l1, got_l2, _) = top(note, "sharepoint");
            assert_eq!((got_l1.as_str(), got_l2.as_deref()), (l1, Some(l2)), "{note}");
        }
    }

    #[test]
    fn work_the_note_negates_is_not_under_way() {
        // "不部署" is no deployment: the deployment cue inside it does not count for In
        // Progress.
        assert_eq!(top("客户因内部原因不部署 Intune", "intune").0, "no-intent");
        // Without the negation the deployment counts ("正在部署": being deployed). The bare
        // "客户因内部原因部署 Intune" became a near tie with No Intent as training notes were
        // added (D231).
        assert_eq!(
            top("客户因内部原因正在部署 Intune", "intune").0,
            "in-progress"
        );
        // A status word of another L1 keeps its weight when negated ("未升级": the upgrade
        // not done is the blocker).
        assert_eq!(
            top("客户系统未升级，无法部署 Intune", "intune").0,
            "blocked"
        );
        // An intent declined before the verb negates it too ("no piensa migrar").
        for note in [
            "El cliente no piensa migrar a SharePoint Online, se queda con su servidor de archivos",
            "客户不打算迁移到SharePoint Online，继续使用文件服务器",
            "Customer is not planning to migrate to SPO, keeps the file server",
        ] {
            assert_top(
                note,
                "sharepoint",
                "no-intent",
                Some("using-microsoft-on-premises-solution"),
            );
        }
    }

    #[test]
    fn whose_contract_it_is_decides_the_status() {
        // A contract is a licensing word, unless it is a competitor's or the partner's.
        for (note, l2) in [
            (
                "Okta contract runs until 2027, will revisit Entra ID then",
                "using-competitive-solution",
            ),
            (
                "Okta-Vertrag läuft bis 2027, Entra ID wird danach neu bewertet",
                "using-competitive-solution",
            ),
            (
                "Partner SOW expired in Sept, renewal stuck in procurement",
                "partner-engagement",
            ),
            (
                "合作伙伴的SOW九月到期，续约卡在采购流程",
                "partner-engagement",
            ),
            (
                "EA renewal stuck in procurement, licences expire in March",
                "billing-licensing-subscription",
            ),
            (
                "el cliente usa Box desde hace años, renovó el contrato, sin plan para SPO",
                "using-competitive-solution",
            ),
        ] {
            assert_eq!(top(note, "teams").1.as_deref(), Some(l2), "{note}");
        }
    }

    #[test]
    fn a_note_that_opens_with_an_l1_name_has_said_its_l1() {
        // "Cutover" is a strong word for a migration in progress; the FM said Blocked.
        for note in [
            "Blocked: Exchange admins busy with the S/4 cutover until end of Feb",
            "Blockiert: Exchange-Admins bis Ende Februar im S/4-Cutover",
            "Bloqueado: los admins de Exchange están con el cutover de S/4 hasta febrero",
            "受阻：Exchange管理员到二月底都在做S/4切换",
        ] {
            assert_eq!(top(note, "exchange").0, "blocked", "{note}");
        }
        // Without the opening name, a cutover of mailboxes reads as the migration it is.
        assert_eq!(
            top(
                "Exchange admins on the mailbox cutover until end of Feb",
                "exchange"
            )
            .0,
            "in-progress"
        );
        // The name alone is not an opening: a bare status stays a bare status.
        let e = engine();
        assert_eq!(e.opening_label(&text::normalize("Blocked")), None);
        assert_eq!(
            e.opening_label(&text::normalize("Blockade of the firewall")),
            None
        );
        assert_eq!(
            e.opening_label(&text::normalize("In Bearbeitung - Welle 2 läuft")),
            Some(L1::InProgress)
        );
    }

    #[test]
    fn a_short_heading_that_ends_with_an_l1_name_has_said_its_l1() {
        for note in [
            "Teams Phone blocked: number porting from BT takes 8 weeks, customer waiting on carrier",
            "Teams Telefonie blockiert: Rufnummernportierung dauert 8 Wochen, Kunde wartet auf Provider",
            "Teams Phone bloqueado: la portabilidad de números con Telefónica tarda 8 semanas",
            "Teams电话受阻：运营商号码携带需要8周，客户在等运营商",
        ] {
            assert_eq!(top(note, "teams").0, "blocked", "{note}");
        }
        let e = engine();
        // A heading names the status only where it ends with the name, and is short.
        assert_eq!(e.heading_label("Blockers: firewall ports"), None);
        assert_eq!(
            e.heading_label("The pilot with 50 users of the sales team is blocked: no budget"),
            None
        );
        assert_eq!(e.heading_label("Teams blocked:"), None);
    }

    #[test]
    fn a_heading_that_says_the_work_stopped_names_blocked_over_any_phrase() {
        for (note, service) in [
            // The status named first wins even against the strongest phrase of another
            // L1 (a migration, a competitor's product).
            (
                "Blocked: public folders 400GB, migration tool fails on them, ticket w/ MS open",
                "exchange",
            ),
            (
                "Migration pausiert: Archiv-Lösung (Enterprise Vault) muss erst aufgelöst werden",
                "exchange",
            ),
            (
                "On hold - customer's auditors require a SOC2 review before identity goes to cloud",
                "aadp",
            ),
            (
                "parado: falta aprobación del comité de seguridad para dispositivos personales",
                "intune",
            ),
            ("迁移暂停：归档系统需要先清理", "exchange"),
        ] {
            assert_eq!(top(note, service).0, "blocked", "{note}");
        }
        assert_eq!(
            top(
                "Blocked: public folders 400GB, migration tool fails on them",
                "exchange"
            )
            .1,
            Some("product-feature-capability".to_string())
        );
    }

    #[test]
    fn a_singular_and_its_plural_in_one_word_count_once() {
        let e = engine();
        let billing = e
            .classes
            .iter()
            .position(|c| c.l2.map(|x| x.code()) == Some("billing-licensing-subscription"))
            .unwrap();
        let singular = e.cues[billing]
            .iter()
            .find(|q| q.text == "licencia")
            .expect("a billing cue");
        let plural = e.cues[billing]
            .iter()
            .find(|q| q.text == "licencias")
            .expect("a billing cue");
        assert!(singular.longer.contains(&plural.id));
        // "licencias" once, not as "licencia" and "licencias": the duplicate's own word
        // decides.
        for note in [
            "duplicado con el tenant 8812, mismas licencias",
            "该租户为测试环境，许可证已转移到正式租户",
        ] {
            assert_eq!(top(note, "exchange").0, "duplicate-invalid", "{note}");
        }
    }

    #[test]
    fn what_must_happen_first_and_who_fails_to_deliver_name_the_block() {
        let cases = [
            // The old product in the note is what must go, not where the customer stays.
            (
                "exchange",
                "customer-it-infrastructure-remediation",
                [
                    "still waiting on cust to decom the old Exch 2010 boxes before hybrid can be set up",
                    "Kunde muss erst Exchange 2013 auf CU23 patchen, dann Hybrid",
                    "el cliente tiene que retirar los servidores Exchange 2010 antes del híbrido",
                    "客户需先下线Exchange 2010服务器才能配置混合部署",
                ],
            ),
            // The migration plan is what the partner does not deliver.
            (
                "onedrive",
                "partner-engagement",
                [
                    "partner hasn't delivered the migration plan for 2 months",
                    "Partner liefert seit 2 Monaten keinen Migrationsplan",
                    "el partner no entrega el plan de migración desde hace 2 meses",
                    "合作伙伴两个月未交付迁移方案",
                ],
            ),
        ];
        for (service, want, notes) in cases {
            for note in notes {
                assert_top(note, service, "blocked", Some(want));
            }
        }
    }

    #[test]
    fn reasons_the_playbook_files_apart_from_their_neighbours_in_every_language() {
        // No standard browser is the executive sponsorship's L3, not a competitor.
        for note in [
            "Edge: IT does not standardize on any browser, users choose Chrome or Firefox freely",
            "Keine Browser-Standardisierung, Nutzer wählen Chrome oder Firefox frei",
            "TI no estandariza ningún navegador; los usuarios eligen Chrome o Firefox",
            "IT没有统一浏览器标准，用户自由选择Chrome或Firefox",
        ] {
            let (l1, l2, l3) = top(note, "edge");
            assert_eq!(
                (l1.as_str(), l2.as_deref(), l3.as_deref()),
                (
                    "no-intent",
                    Some("executive-sponsorship"),
                    Some("it-not-enforcing-standardizing-on-any-internet-browser")
                ),
                "{note}"
            );
        }
        // Money agreed but not there yet blocks the work named beside it.
        for note in [
            "budget for the migration approved but funds not released till April",
            "Budget für die Migration genehmigt, aber erst ab April verfügbar",
            "Presupuesto de la migración aprobado pero no disponible hasta abril",
            "迁移预算已批准但要到4月才能到位",
        ] {
            assert_top(
                note,
                "exchange",
                "blocked",
                Some("it-change-management-resourcing"),
            );
        }
        // A workload that came with a renewal is new, not a billing problem.
        for note in [
            "EMS E3 added at renewal last week, Intune is new workload, FM reaching out to identify owner",
            "EMS E3 bei der Verlängerung letzte Woche dazugekommen, Intune neu, FM sucht Ansprechpartner",
            "EMS E3 añadido en la renovación la semana pasada; Intune es nuevo, el FM busca al responsable",
            "上周续约时新增EMS E3，Intune是新工作负载，FM正在寻找负责人",
        ] {
            assert_top(
                note,
                "intune",
                "status-unknown",
                Some("new-subscription-or-workload"),
            );
        }
        // What the product cannot manage is its gap, though devices are named.
        for note in [
            "Blocked: Intune cannot manage the Linux devices that are 40% of the fleet",
            "Intune kann die Linux-Geräte nicht verwalten, die 40 % der Flotte ausmachen – blockiert",
            "Bloqueado: Intune no gestiona los equipos Linux que son el 40 % del parque",
            "受阻：Intune无法管理占40%设备的Linux电脑",
        ] {
            assert_top(
                note,
                "intune",
                "blocked",
                Some("product-feature-capability"),
            );
        }
        // "Still testing" is work under way, not a test tenant.
        assert_top(
            "Intune目前正在部署，客户还在测试",
            "intune",
            "in-progress",
            Some("technical-onboarding-deployment"),
        );
    }

    #[test]
    fn the_rarer_services_find_their_reasons_in_every_language() {
        // Outlook Mobile seats on a tenant without Exchange Online are invalid (domain.md
        // 3.1: Duplicate/Invalid).
        for note in [
            "Outlook Mobile seats come with ProPlus, customer has no Exchange Online at all",
            "Outlook-Mobile-Lizenzen kommen mit ProPlus, der Kunde hat gar kein Exchange Online",
            "Las licencias de Outlook Mobile vienen con ProPlus, el cliente no tiene Exchange Online",
            "Outlook Mobile许可证随ProPlus附带，客户根本没有Exchange Online",
        ] {
            assert_top(note, "exchange-outlook-mobile", "duplicate-invalid", None);
        }
        // StaffHub's own licensing reason; "staff" inside "StaffHub" is no staffing.
        for note in [
            "Shift workers are on F1 without a qualifying SKU for StaffHub",
            "Schichtarbeiter haben F1 ohne qualifizierende SKU für StaffHub",
            "Los trabajadores por turnos tienen F1 sin una SKU válida para StaffHub",
            "轮班员工用的是F1，没有StaffHub的合格SKU",
        ] {
            assert_top(
                note,
                "staffhub",
                "blocked",
                Some("billing-licensing-subscription"),
            );
        }
        // A telephony contract kept is a competitive solution for calling.
        for note in [
            "Keeps its Swisscom telephony contract until 2027, no plan for Microsoft Calling Plans",
            "Behält den Telefonievertrag mit Swisscom bis 2027, keine Pläne für Microsoft-Anrufpläne",
            "Mantiene su contrato de telefonía con Swisscom hasta 2027, sin planes para los planes de llamadas de Microsoft",
            "与Swisscom的电话合同保留到2027年，不考虑微软通话套餐",
        ] {
            assert_top(
                note,
                "sfb-pstn-calling",
                "no-intent",
                Some("using-competitive-solution"),
            );
        }
    }

    #[test]
    fn a_spanish_participle_is_read_in_each_of_its_forms() {
        for note in [
            "Licencias de Project añadidas al tenant en septiembre; nadie en el cliente ha preguntado por Project",
            "Licencia de Project añadida al tenant en septiembre; nadie en el cliente ha preguntado por Project",
        ] {
            assert_top(
                note,
                "project-online-professional-premium",
                "status-unknown",
                Some("new-subscription-or-workload"),
            );
        }
        for note in [
            "1.200 buzones migrados de 3.000, resto en febrero",
            "Carpetas personales migradas: 800 de 2.000 usuarios",
        ] {
            assert_top(note, "exchange", "in-progress", Some("migration"));
        }
    }

    #[test]
    fn a_note_typed_without_accents_reads_as_one_with_them() {
        for (with, without) in [
            (
                "Migración de buzones en curso, 1.200 de 3.000 completados",
                "Migracion de buzones en curso, 1.200 de 3.000 completados",
            ),
            (
                "Bloqueado: la revisión legal de la protección de datos está pendiente",
                "Bloqueado: la revision legal de la proteccion de datos esta pendiente",
            ),
            (
                "Rechtsabteilung prüft die Datenverarbeitung, Freigabe frühestens im März",
                "Rechtsabteilung pruft die Datenverarbeitung, Freigabe fruhestens im Marz",
            ),
        ] {
            let a = engine().suggest(with, Service::resolve("exchange"));
            let b = engine().suggest(without, Service::resolve("exchange"));
            assert_eq!(a, b, "{without}");
        }
    }

    #[test]
    fn a_clause_that_says_something_is_not_the_problem_gives_it_no_weight() {
        for note in [
            "ProPlus blocked: the claims system uses an Access 2003 front end with VBA that breaks in 64-bit Office; network and devices are ready.",
            "ProPlus blockiert: das Schadenssystem nutzt ein Access-2003-Frontend mit VBA, das unter 64-Bit-Office nicht läuft; Netzwerk und Geräte sind bereit.",
            "ProPlus bloqueado: el sistema de siniestros usa un front end de Access 2003 con VBA que falla en Office de 64 bits; la red y los equipos están listos.",
            "ProPlus受阻：理赔系统使用带VBA的Access 2003前端，在64位Office下无法运行；网络和设备都已就绪。",
        ] {
            assert_top(note, "officeproplus", "blocked", Some("app-compatibility"));
        }
        for note in [
            "Customer paused the OneDrive rollout after two sync outages corrupted files for 300 users; they want the RCA first. Legal had no concerns.",
            "Kunde hat den OneDrive-Rollout nach zwei Sync-Ausfällen angehalten, die Dateien von 300 Nutzern beschädigt haben; er will zuerst die RCA. Die Rechtsabteilung hatte keine Bedenken.",
        ] {
            assert_top(note, "onedrive", "blocked", Some("service-reliability"));
        }
        // Not ready is no dismissal: "no está listo" keeps its weight.
        let (l1, l2, _) = top(
            "El cliente todavía no está listo para Teams: los usuarios necesitan formación",
            "teams",
        );
        assert_eq!(
            (l1.as_str(), l2.as_deref()),
            ("blocked", Some("adoption-readiness"))
        );
    }

    #[test]
    fn a_team_busy_with_another_project_is_resourcing_not_work_under_way() {
        for note in [
            "Users are eager to use Teams, but the two-person IT team is busy with the SAP S/4 migration until summer",
            "Die Nutzer wollen Teams unbedingt, aber das zweiköpfige IT-Team ist bis zum Sommer mit der SAP-S/4-Migration ausgelastet",
            "Los usuarios quieren usar Teams, pero el equipo de TI de dos personas está ocupado con la migración a SAP S/4 hasta el verano",
            "用户很想用Teams，但两人的IT团队到夏天前都在忙SAP S/4迁移",
        ] {
            assert_top(
                note,
                "teams",
                "blocked",
                Some("it-change-management-resourcing"),
            );
        }
        // Licences on the wrong tenant, moving: licensing, not a duplicate tenant.
        for note in [
            "Licences were bought via the wrong CSP and assigned to a trial tenant; waiting for the transfer to the production tenant",
            "Licencias compradas a través del CSP equivocado y asignadas a un tenant de prueba; esperando el traslado al tenant de producción",
        ] {
            assert_top(
                note,
                "power-bi",
                "blocked",
                Some("billing-licensing-subscription"),
            );
        }
    }

    #[test]
    fn a_partner_gone_silent_is_partner_engagement_and_unmanaged_is_no_product_gap() {
        for note in [
            "SI-Partner ist nach der Bestellung abgetaucht, seit 4 Wochen keine Reaktion",
            "El partner integrador desapareció tras la orden de compra, 4 semanas sin respuesta",
            "SI合作伙伴下单后就失联了，4周没有回应",
        ] {
            assert_top(note, "exchange", "blocked", Some("partner-engagement"));
        }
        // "no gestionado" (unmanaged) is not "no gestiona" (does not manage).
        assert_top(
            "4 touchpoints (2 correos, 2 llamadas) con el IT manager, cero respuesta, no gestionado",
            "exchange",
            "status-unknown",
            Some("customer-unresponsive"),
        );
    }

    #[test]
    fn a_phrase_that_only_says_the_l1_leaves_the_l2_to_a_telling_one() {
        // "läuft", "en curso", "进行中" say work goes on, not which work.
        for note in [
            "Teams adoption in progress",
            "Teams-Adoption läuft",
            "Adopción de Teams en curso",
            "Teams采用进行中",
        ] {
            assert_top(
                note,
                "teams",
                "in-progress",
                Some("solution-or-user-adoption"),
            );
        }
        // Alone, they still say In Progress.
        assert_eq!(top("in progress", "teams").0, "in-progress");
    }

    #[test]
    fn reasons_told_as_what_the_customer_waits_for_or_says() {
        let cases = [
            (
                "aip",
                "AIP: customer still runs AD RMS on-prem; key migration to Azure only after the Exchange cutover in April",
                "blocked",
                "product-feature-capability",
            ),
            (
                "edge",
                "Edge: IT gibt keinen Standardbrowser vor, die Nutzer nehmen Chrome oder Firefox nach Belieben",
                "no-intent",
                "executive-sponsorship",
            ),
            (
                "power-bi",
                "Esperando la liberación del presupuesto en abril; proyecto aprobado pero los fondos aún no están disponibles",
                "blocked",
                "it-change-management-resourcing",
            ),
            (
                "aadp",
                "Waiting for the additional AAD P1 seats; PO with the reseller for 3 weeks",
                "blocked",
                "billing-licensing-subscription",
            ),
            (
                "yammer",
                "Warten, bis das IT-Team für die Yammer-Administration geschult ist, Kurs für Februar gebucht",
                "blocked",
                "it-change-management-resourcing",
            ),
            (
                "power-bi",
                "财务总监：“我们不需要仪表板，Excel就够了”",
                "no-intent",
                "executive-sponsorship",
            ),
            (
                "officeproplus",
                "Desktop team says they lack staff to package M365 Apps until the Windows 11 project ends",
                "blocked",
                "it-change-management-resourcing",
            ),
            (
                "teams",
                "Contentos con Zoom, renovaron 2.000 licencias hasta 2027",
                "no-intent",
                "using-competitive-solution",
            ),
            (
                "officeproplus",
                "Lizenzen kamen mit dem E3-Paket; Kunde behält Office 2019 Kauflizenz bis zum Supportende 2025",
                "no-intent",
                "using-microsoft-on-premises-solution",
            ),
            (
                "sfb",
                "不部署SfB Online，直接上Teams",
                "no-intent",
                "using-microsoft-on-premises-solution",
            ),
        ];
        for (service, note, l1, l2) in cases {
            assert_top(note, service, l1, Some(l2));
        }
        assert_eq!(
            top(
                "Azure RMS：客户仍在本地运行AD RMS；密钥迁移到Azure要等4月Exchange切换之后",
                "azrms"
            )
            .2
            .as_deref(),
            Some("technical-fit-currently-on-ad-rms")
        );
        assert_eq!(
            top("Not deploying SfB Online, going straight to Teams", "sfb")
                .2
                .as_deref(),
            Some("moving-to-teams")
        );
        // Shorthand for Blocked.
        for note in ["blkd", "bloq."] {
            assert_eq!(top(note, "intune").0, "blocked", "{note}");
        }
    }

    #[test]
    fn work_reported_done_or_under_way_is_in_progress_in_every_language() {
        for (service, note, l2) in [
            (
                "aip",
                "Sensitivity labels published to the IT department, auto-labelling running in simulation mode",
                "technical-onboarding-deployment",
            ),
            (
                "aip",
                "Etiquetas de confidencialidad publicadas para el departamento de TI, el etiquetado automático está en modo simulación",
                "technical-onboarding-deployment",
            ),
            (
                "microsoft-defender-atp",
                "MDATP-Onboarding über Intune bei 60% von 4.000 Geräten",
                "technical-onboarding-deployment",
            ),
            (
                "sfb-pstn-calling",
                "Portabilidad de números de la sede hecha, las sucursales se portan el mes que viene",
                "technical-onboarding-deployment",
            ),
            (
                "yammer",
                "Communities für 5 Abteilungen gestartet, 40% der Belegschaft beigetreten, CEO postet wöchentlich",
                "solution-or-user-adoption",
            ),
            (
                "yammer",
                "已为5个部门开通社区，40%的员工已加入，CEO每周发帖",
                "solution-or-user-adoption",
            ),
        ] {
            assert_top(note, service, "in-progress", Some(l2));
        }
    }

    #[test]
    fn a_workload_just_bought_and_a_customer_gone_quiet_are_status_unknown() {
        for note in [
            "Subsidiary tenant just licensed (500 E1), not yet introduced to FastTrack",
            "Tenant der Tochterfirma gerade lizenziert (500 E1), FastTrack noch nicht vorgestellt",
            "El tenant de la filial acaba de licenciarse (500 E1), aún no se le ha presentado FastTrack",
        ] {
            assert_top(note, "exchange", "status-unknown", Some("new-subscription-or-workload"));
        }
        // Meetings called off are not a customer saying no.
        assert_top(
            "Kunde hat die letzten zwei Planungstermine ohne neue Termine abgesagt und sich seit Mitte Oktober nicht mehr gemeldet",
            "onedrive",
            "status-unknown",
            Some("customer-unresponsive"),
        );
    }

    #[test]
    fn the_playbooks_scenarios_told_in_other_words_find_their_reason() {
        for (service, note, l1, l2) in [
            (
                "exchange",
                "Partner says they handle the customer themselves and don't need FastTrack",
                "status-unknown",
                "new-subscription-or-workload",
            ),
            (
                "yammer",
                "E3 nur für Exchange und SharePoint gekauft, Yammer ist nicht vorgesehen",
                "no-intent",
                "executive-sponsorship",
            ),
            (
                "onedrive",
                "Siguen con Windows 7 y el nuevo cliente de sincronización no lo admite, así que nada de OneDrive hasta Win10",
                "blocked",
                "product-feature-capability",
            ),
            (
                "exchange",
                "董事会担心EXO的可用性不如自己的服务器",
                "blocked",
                "service-reliability",
            ),
            (
                "teams",
                "Teams habilitado para todos, no hace falta migración, pero solo el 8% de los usuarios está activo",
                "in-progress",
                "solution-or-user-adoption",
            ),
            (
                "teams",
                "Worried that buggy updates rolled out automatically will cost users productivity",
                "blocked",
                "service-reliability",
            ),
            (
                "exchange",
                "Partner confirmed to FTC it works with the customer but never sends the DIBs we request",
                "blocked",
                "partner-engagement",
            ),
            (
                "officeproplus",
                "Prefiere MSI y licencias por volumen para controlar versiones y el momento de las actualizaciones",
                "no-intent",
                "using-microsoft-on-premises-solution",
            ),
            (
                "exchange",
                "Öffentliche Bank, die Aufsicht hat das Hosting ihrer Daten in der Cloud noch nicht genehmigt",
                "blocked",
                "legal-regulatory",
            ),
            (
                "teams",
                "Too busy to train users, won't roll out before a training plan exists",
                "blocked",
                "adoption-readiness",
            ),
        ] {
            assert_top(note, service, l1, Some(l2));
        }
    }

    #[test]
    fn a_competitor_named_by_its_product_outweighs_a_longer_phrase() {
        // "dirección" (management) is a longer phrase than "Slack", but Slack is the why.
        assert_top(
            "compraron E3 solo para correo; no quieren Teams, la dirección prefiere Slack",
            "teams",
            "no-intent",
            Some("using-competitive-solution"),
        );
        // A name that is an everyday word too is not taken for the competitor.
        let s = engine().suggest(
            "line of business apps not certified for M365 Apps",
            Service::resolve("officeproplus"),
        );
        assert_ne!(
            s.proposals[0].l2.map(|l2| l2.code()),
            Some("using-competitive-solution")
        );
    }

    #[test]
    fn silence_of_a_partner_is_partner_engagement_in_every_language() {
        for note in [
            "Several attempts by the FM and the PSM to reach the partner, no response at all",
            "Mehrere Versuche von FM und PSM, den Partner zu erreichen, keinerlei Antwort",
            "Varios intentos del FM y del PSM de contactar al partner, ninguna respuesta",
            "FM和PSM多次尝试联系合作伙伴，完全没有回应",
            "SI partner ghosted us after PO, 4 weeks no response",
        ] {
            assert_top(note, "teams", "blocked", Some("partner-engagement"));
            assert_eq!(
                engine().suggest(note, None).grade.level,
                crate::Level::Great,
                "{note}"
            );
        }
        // Where the customer is the one named, the customer is silent.
        assert_top(
            "Customer unresponsive, partner also tried 3 times, no reply",
            "teams",
            "status-unknown",
            Some("customer-unresponsive"),
        );
    }

    #[test]
    fn more_of_the_playbooks_scenarios_in_other_words() {
        for (service, note, l1, l2) in [
            (
                "exchange",
                "Die IT-Trainer haben das Gefühl, mit den häufigen Feature-Updates in der Cloud nicht mitzukommen",
                "blocked",
                "it-change-management-resourcing",
            ),
            (
                "exchange",
                "Exchange está alojado por un proveedor externo y se quedan allí",
                "no-intent",
                "using-microsoft-on-premises-solution",
            ),
            (
                "office-365-atp",
                "对EOP的垃圾邮件过滤效果存疑，试点中漏掉了5%的垃圾邮件",
                "blocked",
                "service-reliability",
            ),
            (
                "intune",
                "Customer asked Microsoft to find a suitable partner for the rollout",
                "blocked",
                "partner-engagement",
            ),
            (
                "sharepoint",
                "El nuevo administrador de SharePoint acaba de empezar y debe formarse antes de liderar la migración a SPO",
                "blocked",
                "it-change-management-resourcing",
            ),
            (
                "sharepoint",
                "Der CIO ist gegen jeden Schritt in die Cloud und traut der Datenhaltung in Azure nicht",
                "blocked",
                "security-privacy-non-product-feature",
            ),
            (
                "aadp",
                "Kein Rollout, bis Multi-Geo für ihren Tenant verfügbar ist",
                "blocked",
                "product-feature-capability",
            ),
        ] {
            assert_top(note, service, l1, Some(l2));
        }
        // Users to be trained first is readiness, not IT staff training.
        assert_top(
            "用户需要先培训",
            "teams",
            "blocked",
            Some("adoption-readiness"),
        );
    }

    #[test]
    fn a_slip_of_the_keyboard_is_read_as_the_word_meant_in_every_language() {
        let e = engine();
        let respelled = |note: &str| e.speller.respell(&text::normalize(note));
        for (note, meant) in [
            ("secuirty team wont aprove BYOD", "security"),
            ("bandwith too low at 40 branchs", "bandwidth"),
            ("Securtiy-Team genehmigt nciht", "nicht"),
            ("Bandbriete an 40 Filalen zu gering", "bandbreite"),
            ("ancho de bnada insuficiente en 40 sucrusales", "sucursales"),
            ("sin respeusta de TI desde hace 3 sem.", "respuesta"),
            ("无意向 - 继续用Dropbx Business", "dropbox"),
        ] {
            let r = respelled(note).unwrap_or_default();
            assert!(r.contains(meant), "{note}: {r}");
        }
        // Real words stay as written: other forms of a verb, first and last letters,
        // letters replaced, short words, Chinese.
        for note in [
            "approve the plan",
            "abril",
            "stuck in review",
            "Migración pausada",
            "implementado en abril",
            "Lotus Domino",
            "quiet",
            "安全团队不批准",
        ] {
            assert_eq!(respelled(note), None, "{note}");
        }
        for (service, note, l1, l2) in [
            (
                "intune",
                "secuirty team wont aprove BYOD enrolment, policy reveiw Q3",
                "blocked",
                "security-privacy-non-product-feature",
            ),
            (
                "teams",
                "Bandbriete an 40 Filalen zu gering, QoS nicht konfiguriert",
                "blocked",
                "customer-it-infrastructure-remediation",
            ),
            (
                "teams",
                "ancho de bnada insuficiente en 40 sucrusales, QoS sin configurar",
                "blocked",
                "customer-it-infrastructure-remediation",
            ),
        ] {
            assert_top(note, service, l1, Some(l2));
        }
    }

    #[test]
    fn a_reason_inside_a_long_report_is_found_in_every_language() {
        for (service, note, l1, l2) in [
            (
                "aadp",
                "The identity team is two people and both are fully booked with the SAP S/4 cutover until end of Q1. Conditional access and SSPR are approved by the CISO, but nobody can configure them before April.",
                "blocked",
                "it-change-management-resourcing",
            ),
            (
                "exchange",
                "Plan de cutover acordado con el partner. 2.400 de 5.100 buzones están en EXO; los lotes restantes se ejecutan cada sábado. Las carpetas públicas van al final, en febrero. Dos buzones VIP necesitan un traslado manual por su tamaño (más de 100 GB).",
                "in-progress",
                "migration",
            ),
            (
                "officeproplus",
                "M365 Apps empaquetadas con la ODT, canal semestral. El piloto en 300 PCs fue bien salvo dos complementos de Excel que corrigió el proveedor. Despliegue general por SCCM en tres olas, la primera de 2.000 PCs empezó esta semana.",
                "in-progress",
                "technical-onboarding-deployment",
            ),
        ] {
            assert_top(note, service, l1, Some(l2));
        }
    }

    #[test]
    fn a_status_denied_past_or_halted_is_not_the_rows_status() {
        // A heading that denies a status does not name it.
        for note in [
            "Hier nicht in Bearbeitung: die Lizenzen werden unter dem Mutter-Tenant geführt, dieser ist ein Duplikat",
            "此处不是进行中：席位已在母公司租户下跟踪，这个是重复的",
        ] {
            assert_eq!(top(note, "teams").0, "duplicate-invalid", "{note}");
        }
        // "进行中的推广" describes the rollout; it is no label.
        assert_top(
            "进行中的推广已暂停：40个Access应用在64位下无法运行",
            "officeproplus",
            "blocked",
            Some("app-compatibility"),
        );
        assert_top(
            "Rollout in progress was halted: 40 Access apps fail on 64-bit",
            "officeproplus",
            "blocked",
            Some("app-compatibility"),
        );
        // A block the note says is over weighs less than the work resumed.
        assert_top(
            "Was blocked by the proxy until last week; proxy fixed, rollout to 2,000 users resumed",
            "teams",
            "in-progress",
            Some("technical-onboarding-deployment"),
        );
        // A review passed is no longer the reason.
        assert_top(
            "Ya no hay problemas, la revisión de seguridad se superó; se están lanzando comunidades con 12 champions",
            "yammer",
            "in-progress",
            Some("solution-or-user-adoption"),
        );
    }

    #[test]
    fn notes_in_everyday_words_find_their_reason_in_every_language() {
        for (service, note, l1, l2) in [
            (
                "intune",
                "IT ertrinkt in Tickets, vor dem Sommer hat keiner Zeit für Intune",
                "blocked",
                "it-change-management-resourcing",
            ),
            (
                "sharepoint",
                "Fileshares werden Stück für Stück rübergezogen, etwa die Hälfte ist durch",
                "in-progress",
                "migration",
            ),
            (
                "power-bi",
                "A los jefes les dan igual los dashboards, nadie lo impulsa",
                "no-intent",
                "executive-sponsorship",
            ),
            (
                "teams",
                "Folks are actually using it now, 60% active, doing lunch & learns",
                "in-progress",
                "solution-or-user-adoption",
            ),
            // Gone quiet: the customer where the note names the customer.
            (
                "onedrive",
                "Kunde ist seit dem Sommer abgetaucht, 3x nachgehakt",
                "status-unknown",
                "customer-unresponsive",
            ),
            (
                "onedrive",
                "El cliente desapareció desde el verano, insistimos 3 veces",
                "status-unknown",
                "customer-unresponsive",
            ),
        ] {
            assert_top(note, service, l1, Some(l2));
        }
        assert_eq!(top("Nope, not happening", "yammer").0, "no-intent");
    }

    #[test]
    fn the_guidance_templates_filled_in_find_their_reason() {
        // "Company will onboard to service after [current focus workload] is finished" is
        // the guidance's template of In Progress: the migration named is another's.
        for note in [
            "Company will onboard SharePoint after the Exchange migration is finished; file share inventory already done",
            "公司将在Exchange迁移完成后上线SharePoint；文件共享清点已完成",
        ] {
            assert_top(
                note,
                "sharepoint",
                "in-progress",
                Some("technical-onboarding-deployment"),
            );
        }
        // In Spanish the word model, which has seen "migración" in hundreds of migration
        // notes, outweighs the template's phrase; the onboarding stays among the three.
        assert_among_three(
            "La empresa incorporará SharePoint cuando termine la migración de Exchange; el inventario de recursos compartidos ya está hecho",
            "sharepoint",
            "in-progress",
            "technical-onboarding-deployment",
        );
        for note in [
            "Absicht des Kunden zu diesem Workload konnte nicht ermittelt werden.",
            "No se pudo conocer la intención del cliente para esta carga de trabajo.",
        ] {
            assert_top(
                note,
                "intune",
                "status-unknown",
                Some("customer-unresponsive"),
            );
        }
    }

    #[test]
    fn tenants_empty_cancelled_or_remapped_are_duplicate_or_invalid() {
        for note in [
            "Lizenzen wurden im Juni in den neuen Produktivtenant verschoben, dieser Tenant ist leer",
            "Tenant der aufgelösten Außenstelle, Nutzer sind umgezogen, er wird gelöscht",
            "Tenant of the dissolved branch office, users moved, it will be deleted",
            "Kunde hat das Abo im Oktober gekündigt und führt O365 nicht ein",
            "El cliente canceló la suscripción en octubre y no despliega O365",
            "客户10月取消了订阅，不部署O365",
            "去年为POC创建的试用租户，没有付费席位",
            "Lizenzen vollständig auf eine andere SKU umgestellt, diese Berechtigungen werden nicht genutzt",
        ] {
            assert_eq!(top(note, "exchange").0, "duplicate-invalid", "{note}");
        }
    }

    #[test]
    fn the_rarer_blocks_find_their_reason_and_l3_in_every_language() {
        for (service, note, l2, l3) in [
            (
                "teams",
                "La plantilla teme que los jefes la vigilen con la presencia y los informes de actividad de Teams; RR. HH. quiere primero unas preguntas frecuentes",
                "adoption-readiness",
                // The taxonomy files its Privacy L3 under Office and Windows only.
                None,
            ),
            (
                "onedrive",
                "董事会决定敏感数据绝不能离开自有数据中心，所以不用OneDrive",
                "security-privacy-non-product-feature",
                Some("trust"),
            ),
            (
                "teams",
                "Braucht Einwahlnummern in Chile für Teams-Besprechungen, dort noch nicht angeboten",
                "product-feature-capability",
                Some("teleconferencing-dial-in-conferencing-for-meetings"),
            ),
            (
                "aip",
                "Classification needs a new data governance process that isn't defined yet",
                "it-change-management-resourcing",
                Some("updates-processes-or-infrastructure"),
            ),
            (
                "edge",
                "Las aplicaciones de la intranet dependen de ActiveX y no funcionan en Edge",
                "app-compatibility",
                None,
            ),
            (
                "power-bi",
                "Quiere una prueba gratuita de Power BI Pro para 500 usuarios antes de comprar, y no está disponible",
                "billing-licensing-subscription",
                // "No free trial" is an L3 of Teams only.
                None,
            ),
        ] {
            let (l1, got2, got3) = top(note, service);
            assert_eq!((l1.as_str(), got2.as_deref()), ("blocked", Some(l2)), "{note}");
            if l3.is_some() {
                assert_eq!(got3.as_deref(), l3, "{note}");
            }
        }
    }

    #[test]
    fn each_services_own_vocabulary_finds_its_status() {
        for (service, note, l1, l2) in [
            (
                "windows-10",
                "Win10-Featureupdate 22H2 per WUfB auf 70% der Geräte verteilt, Rest bis Februar",
                "in-progress",
                "technical-onboarding-deployment",
            ),
            (
                "windows-10",
                "1,200 PCs lack TPM 2.0, hardware refresh planned for next year",
                "blocked",
                "customer-it-infrastructure-remediation",
            ),
            // A competitor named as the next connector is no competitive solution.
            (
                "mcas",
                "MCAS log collector set up, Cloud Discovery reports reviewed with the CISO, app connector for Box next",
                "in-progress",
                "technical-onboarding-deployment",
            ),
            (
                "staffhub",
                "门店经理用Kronos排班，对StaffHub不感兴趣",
                "no-intent",
                "using-competitive-solution",
            ),
        ] {
            assert_top(note, service, l1, Some(l2));
        }
    }

    #[test]
    fn a_products_network_and_devices_moved_are_no_infrastructure_block() {
        for (service, note, l2) in [
            (
                "yammer",
                "Yammer-Netzwerk im Native Mode eingerichtet, Communities werden angelegt, Start am 1. März geplant",
                "technical-onboarding-deployment",
            ),
            (
                "officeproplus",
                "已配置每月企业频道，40%的电脑已从Office 2013升级",
                "technical-onboarding-deployment",
            ),
            (
                "intune",
                "Pasando los dispositivos de AirWatch a Intune, 1.500 de 4.000 migrados",
                "migration",
            ),
            // Migrated before; now the users are trained.
            (
                "sharepoint",
                "Alle Inhalte im September migriert; jetzt laufen Schulungen und ein Champions-Netzwerk, 45% wöchentlich aktiv",
                "solution-or-user-adoption",
            ),
        ] {
            assert_top(note, service, "in-progress", Some(l2));
        }
    }

    #[test]
    fn chinese_in_traditional_characters_reads_as_in_simplified() {
        for (service, note, l1, l2) in [
            (
                "exchange",
                "自8月起客戶未回覆郵件，也打了3次電話",
                "status-unknown",
                "customer-unresponsive",
            ),
            (
                "onedrive",
                "個資主管機關的審查尚未完成，預計1月做出決定",
                "blocked",
                "legal-regulatory",
            ),
            (
                "aadp",
                "資安部門尚未核准無密碼登入，審查排在Q2",
                "blocked",
                "security-privacy-non-product-feature",
            ),
            (
                "power-bi",
                "管理層看不到Power BI的價值，報表仍用Excel",
                "no-intent",
                "executive-sponsorship",
            ),
        ] {
            assert_top(note, service, l1, Some(l2));
        }
        assert_eq!(
            text::normalize("客戶尚未回覆"),
            text::normalize("客户尚未回复")
        );
    }

    #[test]
    fn the_playbooks_invalid_scenarios_land_where_it_says_they_belong() {
        for (service, note, l1, l2) in [
            (
                "exchange",
                "Organismo público: todavía sin intención para O365, seguirán cuando el primer ministerio se mueva",
                "no-intent",
                "executive-sponsorship",
            ),
            (
                "teams",
                "Customer thinks Teams isn't mature enough and may not work well for them",
                "blocked",
                "service-reliability",
            ),
            (
                "exchange",
                "Umzug in einen neuen Tenant, noch nicht abgeschlossen (Lizenzen noch aufgeteilt)",
                "blocked",
                "billing-licensing-subscription",
            ),
            (
                "exchange",
                "只有120个席位，不足以获得FastTrack协助",
                "status-unknown",
                "new-subscription-or-workload",
            ),
            (
                "exchange",
                "Las pruebas de latencia mostraron que la experiencia empeoraría, primero hace falta mejorar la red",
                "blocked",
                "customer-it-infrastructure-remediation",
            ),
        ] {
            assert_top(note, service, l1, Some(l2));
        }
    }

    #[test]
    fn the_acronyms_of_the_programme_find_their_status() {
        for (service, note, l1, l2) in [
            (
                "exchange",
                "Neuer MCA-Kauf über CSP, ATU hat keinen Kontakt, FM nimmt Kontakt auf",
                "status-unknown",
                "new-subscription-or-workload",
            ),
            // Work that waits for something is blocked by it.
            (
                "teams",
                "SBC for DR not certified, PSTN migration waits for the HW refresh",
                "blocked",
                "customer-it-infrastructure-remediation",
            ),
            (
                "exchange",
                "FRP assigned but no DIBS after 6 wks, escalated to PDM",
                "blocked",
                "partner-engagement",
            ),
        ] {
            assert_top(note, service, l1, Some(l2));
        }
    }

    #[test]
    fn notes_in_a_formal_register_find_their_reason() {
        for (service, note, l1, l2) in [
            (
                "teams",
                "Der Umsetzungspartner hat sich aus dem Projekt zurückgezogen; ein Ersatz wurde noch nicht benannt.",
                "blocked",
                "partner-engagement",
            ),
            (
                "power-bi",
                "Das Unternehmen hat keinen Bedarf identifiziert, der die Einführung von Power BI rechtfertigen würde.",
                "no-intent",
                "executive-sponsorship",
            ),
            (
                "sharepoint",
                "El proyecto se ha suspendido por falta de recursos internos; se prevé reanudarlo en el segundo trimestre.",
                "blocked",
                "it-change-management-resourcing",
            ),
        ] {
            assert_top(note, service, l1, Some(l2));
        }
    }

    #[test]
    fn leadership_that_uses_the_product_is_adoption_not_sponsorship() {
        for note in [
            "Leadership town halls now run in Yammer; 35% of staff posted or reacted last month",
            "Town Halls der Geschäftsleitung laufen jetzt in Yammer; 35% der Belegschaft haben letzten Monat gepostet oder reagiert",
            "领导层全员大会现在在Yammer上举行；上月35%的员工发帖或互动",
        ] {
            assert_top(note, "yammer", "in-progress", Some("solution-or-user-adoption"));
        }
    }

    #[test]
    fn the_rest_of_the_playbooks_scenarios_in_other_words() {
        for (service, note, l1, l2) in [
            (
                "exchange",
                "No están dispuestos a retirar los servidores de Exchange cuyo soporte acaban de renovar",
                "no-intent",
                "using-microsoft-on-premises-solution",
            ),
            (
                "teams",
                "决策层缺乏上云的意识和决心",
                "no-intent",
                "executive-sponsorship",
            ),
            (
                "yammer",
                "Sie haben schon einmal versucht, Yammer zu etablieren, die Belegschaft hat es nicht angenommen, kein neuer Versuch",
                "no-intent",
                "executive-sponsorship",
            ),
            (
                "exchange",
                "HQ is in Germany and their data may not leave the country",
                "blocked",
                "legal-regulatory",
            ),
            (
                "teams",
                "Tras el piloto, los usuarios tienen problemas con los cambios de dispositivos y necesitan más acompañamiento",
                "blocked",
                "adoption-readiness",
            ),
            (
                "intune",
                "Partner bought the licences for the customer but won't deploy all workloads (SOW covers EXO only)",
                "blocked",
                "partner-engagement",
            ),
            (
                "exchange",
                "错过了FastTrack合作伙伴资金的截止日期，项目现在等9月的新预算",
                "blocked",
                "it-change-management-resourcing",
            ),
        ] {
            assert_top(note, service, l1, Some(l2));
        }
    }

    #[test]
    fn the_same_scenarios_told_a_second_way_find_their_reason() {
        for (service, note, l1, l2) in [
            (
                "exchange",
                "Der Händler macht das Projekt allein und hat uns gesagt, dass FastTrack nicht nötig ist",
                "status-unknown",
                "new-subscription-or-workload",
            ),
            (
                "teams",
                "Temen que las versiones automáticas traigan errores que impidan trabajar a la gente",
                "blocked",
                "service-reliability",
            ),
            (
                "exchange",
                "Caja de ahorros: el supervisor bancario no ha autorizado alojar su correo en la nube",
                "blocked",
                "legal-regulatory",
            ),
            (
                "yammer",
                "E3是为邮件和SharePoint买的，Yammer不在计划内",
                "no-intent",
                "executive-sponsorship",
            ),
            (
                "officeproplus",
                "Sie wollen selbst bestimmen, wann Office aktualisiert wird, und bleiben daher bei der MSI-Volumenversion",
                "no-intent",
                "using-microsoft-on-premises-solution",
            ),
            (
                "teams",
                "Ningún BDM quiere patrocinar Teams, TI no lo impulsará por su cuenta",
                "no-intent",
                "executive-sponsorship",
            ),
        ] {
            assert_top(note, service, l1, Some(l2));
        }
    }

    #[test]
    fn more_scenarios_told_a_second_way_find_their_reason() {
        for (service, note, l1, l2) in [
            (
                "intune",
                "推广要等首席管理员完成已报名的Intune课程",
                "blocked",
                "it-change-management-resourcing",
            ),
            (
                "aadp",
                "Sie brauchen mehr als 50 vertrauenswürdige IP-Bereiche ohne MFA, was das Produkt nicht erlaubt",
                "blocked",
                "product-feature-capability",
            ),
            (
                "intune",
                "El cliente quiere que Microsoft le recomiende un partner para desplegar Intune",
                "blocked",
                "partner-engagement",
            ),
            (
                "sharepoint",
                "The CIO distrusts Azure and opposes any cloud move for company data",
                "blocked",
                "security-privacy-non-product-feature",
            ),
        ] {
            assert_top(note, service, l1, Some(l2));
        }
    }

    #[test]
    fn the_playbooks_scenarios_told_a_third_way_find_their_reason() {
        for (service, note, l1, l2) in [
            (
                "exchange",
                "No están listos para apagar su infraestructura de Exchange, acaban de ampliar el contrato de soporte",
                "no-intent",
                "using-microsoft-on-premises-solution",
            ),
            (
                "teams",
                "Pilot users had trouble with the new devices and asked for more support before go-live",
                "blocked",
                "adoption-readiness",
            ),
        ] {
            assert_top(note, service, l1, Some(l2));
        }
        // Staff who took a rollout badly is what the word model knows of adoption
        // readiness; the sponsor who will not try again stays among the three.
        assert_among_three(
            "之前推广Yammer员工反响不好，不会再试",
            "yammer",
            "no-intent",
            "executive-sponsorship",
        );
    }

    proptest::proptest! {
        /// Any text, in any script, with any punctuation: an answer, never a panic.
        #[test]
        fn any_note_gets_an_answer(note in "\\PC{0,80}") {
            let s = engine().suggest(&note, None);
            proptest::prop_assert_eq!(s.proposals.len(), 5);
            let total: f32 = s.proposals.iter().map(|p| p.score).sum();
            proptest::prop_assert!(total > 0.0 && total <= 1.0001, "{}", total);
            proptest::prop_assert!(s.proposals.windows(2).all(|w| w[0].score >= w[1].score));
        }

        #[test]
        fn notes_made_of_the_engines_own_words_get_an_answer(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "不是", "问题", "已就绪", "are ready", "no está listo", "keine Bedenken",
                    "；", "，", "。", ". ", ", ", "blocked", "受阻", "migración", "Prüfung",
                    "dont", "ß", "e\u{301}", "迁移", "not", "no", "$", "|", "~",
                ]),
                0..16,
            )
        ) {
            let note: String = words.concat();
            let s = engine().suggest(&note, None);
            proptest::prop_assert_eq!(s.proposals.len(), 5);
        }
    }

    #[test]
    fn a_partner_that_owes_the_dibs_is_partner_engagement_though_it_names_the_customer() {
        for note in [
            "Partner said they're engaged with the customer but never sent the DIBS info, 3 reminders ignored.",
            "El partner dice que trabaja con el cliente pero nunca envió los datos DIBS; ignoró 3 recordatorios.",
        ] {
            assert_top(note, "exchange", "blocked", Some("partner-engagement"));
        }
        // A partner that tried to reach the customer reports the customer's silence.
        for note in [
            "Partner tried to reach the customer 3 times, no reply",
            "合作伙伴联系客户3次，客户没有回复",
        ] {
            assert_top(
                note,
                "exchange",
                "status-unknown",
                Some("customer-unresponsive"),
            );
        }
    }

    #[test]
    fn the_playbooks_scenarios_told_a_fourth_way() {
        let cases = [
            ("Letztes Frühjahr neue Exchange-Server gekauft, die sollen sich erst amortisieren - EXO frühestens 2028.", "exchange", "no-intent", "using-microsoft-on-premises-solution"),
            ("去年春天刚采购了新的Exchange服务器，要先把投资用回本，2028年前不会上EXO。", "exchange", "no-intent", "using-microsoft-on-premises-solution"),
            ("Tried pushing Teams to staff last year, it flopped; they've given up on it and don't plan to try again.", "teams", "no-intent", "executive-sponsorship"),
            ("IT担心月度通道把没测好的版本推给用户、影响工作，已暂停。", "officeproplus", "blocked", "service-reliability"),
            ("Su aplicación LOB de gestión de contratos solo funciona con las API de SharePoint 2013 local; el fabricante no tiene versión para SPO.", "sharepoint", "blocked", "app-compatibility"),
            ("Die Admins kennen sich mit Hybrid-Identität / Conditional Access noch nicht aus - müssen erst geschult werden, bevor sie AADP angehen.", "aadp", "blocked", "it-change-management-resourcing"),
            ("SPO configurado y en producción; ahora copiando los recursos compartidos de los departamentos, faltan ~2 TB.", "sharepoint", "in-progress", "migration"),
            ("Tenant de laboratorio solo para el equipo de desarrollo; nunca tendrá usuarios de producción.", "yammer", "duplicate-invalid", ""),
        ];
        assert_cases(&cases);
    }

    #[test]
    fn a_network_too_weak_keeps_it_on_premises_and_is_the_block() {
        for note in [
            "Sites on 4 Mbit lines, can't sync mailboxes to the cloud, so they keep Exchange on-prem until the WAN upgrade.",
            "各站点只有4M带宽，邮箱无法同步到云端，所以WAN升级前继续用本地Exchange。",
        ] {
            assert_top(note, "exchange", "blocked", Some("customer-it-infrastructure-remediation"));
        }
        // A network named for another reason leaves the choice to stay where it is.
        assert_top(
            "Customer keeps Exchange on-prem because their ERP sends mail through a relay that must stay inside the network; confirmed by CTO",
            "exchange",
            "no-intent",
            Some("using-microsoft-on-premises-solution"),
        );
    }

    #[test]
    fn the_specifications_paraphrases_and_counter_examples_in_new_words() {
        let cases = [
            ("Mail läuft bei einem regionalen Hoster auf gehostetem Exchange, Vertrag bis 2027; kein Umzug nach EXO.", "exchange", "no-intent", "using-microsoft-on-premises-solution"),
            ("El CFO está convencido de que la granja local rinde más que SPO; no patrocina el cambio.", "sharepoint", "no-intent", "executive-sponsorship"),
            ("Security team wants different labelling functionality (per-paragraph classification) that AIP doesn't offer.", "aip", "blocked", "product-feature-capability"),
            ("合作伙伴说他们自己服务该客户，不需要FastTrack帮忙。", "exchange", "status-unknown", "new-subscription-or-workload"),
            ("Yammer für alle freigeschaltet, nichts zu migrieren; bisher nur ~6 % aktiv, Kommunikation plant Community-Starts.", "yammer", "in-progress", "solution-or-user-adoption"),
            ("买E3只是为了邮件和SharePoint，Yammer没人关心。", "yammer", "no-intent", "executive-sponsorship"),
            ("New Exchange admin started this month and must be trained first before they take on the migration.", "exchange", "blocked", "it-change-management-resourcing"),
            ("El tenant se está moviendo a la nueva región de centro de datos de la UE; SPO espera hasta que termine.", "sharepoint", "blocked", "billing-licensing-subscription"),
            ("Subscription was cancelled in October, seats gone.", "project-online-essentials", "duplicate-invalid", ""),
        ];
        assert_cases(&cases);
    }

    #[test]
    fn the_paraphrases_told_a_second_way() {
        let cases = [
            ("EXO n/a - mailboxes hosted by 3rd-party provider (Exchange hosting), happy with SLA, contract renewed", "exchange", "no-intent", "using-microsoft-on-premises-solution"),
            ("Remediation abgeschlossen (AAD Connect + OneDrive-GPOs), KFM-Pilot für die IT nächste Woche", "onedrive", "in-progress", "technical-onboarding-deployment"),
            ("esperando la firma del EA, el acuerdo está atascado en compras; nada se despliega antes de firmar", "exchange", "blocked", "billing-licensing-subscription"),
            ("cust not convinced EOP spam filtering is good enough vs current gateway, pilot showed more spam", "exchange", "blocked", "service-reliability"),
            ("内部没有变革管理也没有推广大使，只做了IT试点后推广就卡住了", "teams", "blocked", "adoption-readiness"),
        ];
        assert_cases(&cases);
    }

    #[test]
    fn an_implementation_partner_gone_silent_is_partner_engagement() {
        for note in [
            "Umsetzungspartner antwortet seit dem Kickoff nicht mehr, 3 Eskalationen an deren Account Manager, nichts.",
            "El partner implementador dejó de contestar tras el kickoff; 3 escalados a su gerente de cuenta, nada.",
        ] {
            assert_top(note, "intune", "blocked", Some("partner-engagement"));
        }
        // A contact person ("Ansprechpartner") is the customer's.
        assert_top(
            "Ansprechpartner seit 6 Wochen nicht erreichbar, 3 Mails und 2 Anrufe ohne Antwort",
            "intune",
            "status-unknown",
            Some("customer-unresponsive"),
        );
    }

    #[test]
    fn the_playbooks_scenarios_in_regional_and_everyday_words() {
        let cases = [
            ("Neuer Mandant, 2.000 E3 gerade über den LSP bereitgestellt; noch kein FastTrack-Kontakt, Ansprache diese Woche.", "exchange", "status-unknown", "new-subscription-or-workload"),
            ("Rechner noch auf nicht unterstützten OS-Ständen, Patch-Rückstand bei ~1.200 Geräten muss vor der Registrierung abgebaut werden.", "intune", "blocked", "customer-it-infrastructure-remediation"),
            ("Compraron E3 por Exchange y SharePoint; sin planes para Skype ni Yammer.", "sfb", "no-intent", "executive-sponsorship"),
            ("IT坚持先考M365认证再部署，考试时间还没定。", "exchange", "blocked", "it-change-management-resourcing"),
            ("Carving out IT into a separate company; engagement paused until the new entity's infrastructure stands (H2).", "intune", "blocked", "it-change-management-resourcing"),
            ("Sorge, wie langsam AD-Berechtigungsänderungen in SPO ankommen; befürchten tagelange Zugriffslücken nach Umzügen.", "sharepoint", "blocked", "service-reliability"),
        ];
        assert_cases(&cases);
    }

    #[test]
    fn what_the_specification_says_is_not_duplicate_invalid_is_filed_where_it_says() {
        let cases = [
            // Too few seats: Status Unknown / New Subscription.
            ("Solo 120 licencias de EMS, por debajo de las 150 necesarias para la ayuda de FastTrack; intención desconocida.", "intune", "status-unknown", "new-subscription-or-workload"),
            // A tenant move still running: Blocked / Billing (wrong tenant).
            ("Umzug aller Nutzer in den neuen Konzern-Tenant läuft noch, SPO pausiert bis der Tenant-Umzug fertig ist.", "sharepoint", "blocked", "billing-licensing-subscription"),
            ("所有用户迁往新集团租户的工作还在进行，租户迁移完成前SPO暂停。", "sharepoint", "blocked", "billing-licensing-subscription"),
            // A serialized deployment stays In Progress.
            ("Serial: Exchange #1 (in migration), Teams #2 planned after, engagement start date set to March.", "teams", "in-progress", "technical-onboarding-deployment"),
        ];
        assert_cases(&cases);
        assert_top(
            "El derecho de Outlook Mobile viene solo de ProPlus; el tenant no tiene Exchange; fila no válida.",
            "exchange-outlook-mobile",
            "duplicate-invalid",
            None,
        );
    }

    #[test]
    fn competitors_of_the_chinese_market_are_named_in_every_language() {
        for (note, service) in [
            ("Whole company runs on DingTalk for chat and meetings, no plan to switch to Teams.", "teams"),
            ("Die Mitarbeiter in China arbeiten komplett in WeChat Work, die Leitung holt sie nicht auf Teams.", "teams"),
            ("Las reuniones van por Tencent Meeting, que exigen los socios en China; nada de reuniones en Teams.", "teams"),
            ("Los archivos están en Baidu Netdisk empresarial y el personal está acostumbrado; sin OneDrive.", "onedrive"),
            ("Mail hosted on Alibaba Mail (Qiye), contract renewed through 2027; EXO out.", "exchange"),
            ("去年统一用了飞书，包括文档和视频通话，不要Teams。", "teams"),
        ] {
            assert_top(note, service, "no-intent", Some("using-competitive-solution"));
            assert_eq!(
                engine().suggest(note, Service::resolve(service)).grade.level,
                Level::Great,
                "{note}"
            );
        }
    }

    #[test]
    fn long_reports_rarer_services_and_slips_of_the_keyboard() {
        let cases = [
            ("AADC-Sync kaputt seit DC-Migartion, doppelte proxyAddresses bei ~300 Objekten; Kd. bereinigt vor den Postfachumzügen", "exchange", "blocked", "customer-it-infrastructure-remediation"),
            ("Nutzer wehren sich gegen den Abschied von Netzlaufwerken, noch kein Change-Plan, HR will erst Schulungen", "sharepoint", "blocked", "adoption-readiness"),
            ("Se quedan con IE11 porque el cliente web del ERP solo funciona en IE; no despliegan Edge.", "edge", "no-intent", "using-microsoft-on-premises-solution"),
            ("PSTN calling not licensed for their country by the telecom regulator; can't port numbers.", "sfb-pstn-calling", "blocked", "legal-regulatory"),
            ("标签已向全员发布，目前已标注12%的文档，2月前按部门做宣导。", "aip", "in-progress", "solution-or-user-adoption"),
            ("Their quality-management system stores records in SharePoint 2013 through a custom web part that has no SPO equivalent; the vendor quotes a rewrite for 2027.", "sharepoint", "blocked", "app-compatibility"),
            ("El negocio no ve beneficio en mover sus sitios de equipo: el servidor de archivos funciona y nadie se queja. Sin un motivo, el CIO no financia un proyecto de SharePoint.", "sharepoint", "no-intent", "executive-sponsorship"),
            ("Onboarding underway, now at Remediate: hybrid server upgraded to CU23 and certificates renewed; next step is the HCW run on 9 Jan.", "exchange", "in-progress", "technical-onboarding-deployment"),
            ("Der Partner hat im SOW nur die Mailmigration vorgesehen; Teams und SharePoint sind nicht abgedeckt und ohne Partner fängt der Kunde sie nicht an.", "exchange", "blocked", "partner-engagement"),
        ];
        assert_cases(&cases);
    }

    #[test]
    fn the_most_confused_blocks_in_yet_other_words() {
        let cases = [
            ("Inhabergeführtes Unternehmen, der Geschäftsführer bevorzugt Telefon und E-Mail und unterstützt kein Collaboration-Tool.", "teams", "no-intent", "executive-sponsorship"),
            ("Their billing app sends invoices via SMTP relay with basic auth, breaks against EXO; vendor patch due March.", "exchange", "blocked", "app-compatibility"),
            ("Cada cambio necesita aprobación del CAB y el próximo hueco del CAB para cambios de infraestructura es en febrero.", "exchange", "blocked", "it-change-management-resourcing"),
            ("IT外包合同不包含Intune，合同修改前没有人运维。", "intune", "blocked", "it-change-management-resourcing"),
            ("La licencia de la herramienta de migración del partner caducó y no la ha renovado; el paso a SPO está atascado por su lado.", "sharepoint", "blocked", "partner-engagement"),
        ];
        assert_cases(&cases);
        // A missing InfoPath in SPO, waited for on the roadmap, stays a product gap.
        assert_top(
            "braucht InfoPath-Formulare, SPO bietet das nicht, wartet auf Roadmap",
            "sharepoint",
            "blocked",
            Some("product-feature-capability"),
        );
    }

    #[test]
    fn a_missing_business_case_staff_watched_and_session_policies_find_their_reason() {
        let cases = [
            ("GF sieht keinen Business Case für OD4B, die Fileshares 'funktionieren doch'. Kein Treiber, die Home-Laufwerke umzuziehen.", "onedrive", "no-intent", "executive-sponsorship"),
            ("El personal teme que la presencia y las confirmaciones de lectura de Teams se usen para vigilarlos; RR. HH. quiere un FAQ de privacidad antes del arranque.", "teams", "blocked", "adoption-readiness"),
            ("MCAS: recolector de logs desplegado en el proxy; siguiente paso, directivas de sesión para equipos no administrados (enero).", "mcas", "in-progress", "technical-onboarding-deployment"),
            ("La directiva no ve valor en Yammer y nadie lo impulsa.", "yammer", "no-intent", "executive-sponsorship"),
        ];
        assert_cases(&cases);
    }

    #[test]
    fn a_browser_or_mail_app_kept_is_the_competitor_named() {
        let cases = [
            ("Chrome is the corporate browser, managed by GPO + Chrome Enterprise; no intention to move to Edge.", "edge", "no-intent", "using-competitive-solution"),
            ("Chrome es el navegador corporativo, gestionado x GPO; no tienen intención de pasar a Edge.", "edge", "no-intent", "using-competitive-solution"),
            ("Los usrs siguen con la app de correo nativa de iOS, el cte no quiere imponer Outlook móvil; no hay directiva de protección de apps prevista.", "exchange-outlook-mobile", "no-intent", "using-competitive-solution"),
            ("MA bleiben bei der nativen iOS-Mail-App, Kd. will Outlook mobil nicht vorschreiben.", "exchange-outlook-mobile", "no-intent", "using-competitive-solution"),
            // No standard at all is the missing sponsor, as before.
            ("Edge: IT doesn't enforce any browser standard, users pick Chrome or Firefox as they like", "edge", "no-intent", "executive-sponsorship"),
        ];
        assert_cases(&cases);
        let s = engine().suggest(
            "公司标准浏览器是Chrome，用GPO和Chrome企业版管理，不打算换Edge。",
            Service::resolve("edge"),
        );
        assert_eq!(s.proposals[0].l3.map(|l3| l3.code()), Some("google-chrome"));
    }

    #[test]
    fn what_is_ready_or_withdrawn_is_not_the_block() {
        let cases = [
            ("La red y los equipos están listos y el licenciamiento está bien; el único bloqueo es el CISO, que quiere ver DLP para el uso compartido externo probado en un piloto.", "onedrive", "blocked", "security-privacy-non-product-feature"),
            ("网络和设备都准备好了，许可也没问题；唯一的阻碍是CISO，他要先在试点里验证外部共享的DLP才允许推广。", "onedrive", "blocked", "security-privacy-non-product-feature"),
            ("Seguridad retiró su objeción tras el pentest; las directivas de CA se despliegan en modo solo informe, 3 de 9 aplicadas.", "aadp", "in-progress", "technical-onboarding-deployment"),
            ("渗透测试后安全部门撤回了反对意见；条件访问策略以仅报告模式推出，9条已强制3条。", "aadp", "in-progress", "technical-onboarding-deployment"),
            // Employee data processed in another country's region is the law's question.
            ("Datenschutzbeauftragter hat PBI gestoppt: HR-Dashboards würden Mitarbeiterdaten in der US-Region verarbeiten; DSFA erforderlich.", "power-bi", "blocked", "legal-regulatory"),
        ];
        assert_cases(&cases);
    }

    #[test]
    fn a_group_decision_outsourced_it_and_a_limit_of_the_product_find_their_reason() {
        let cases = [
            ("Group HQ hasn't decided whether the subsidiary joins the group tenant; no mail move until then.", "exchange", "no-intent", "executive-sponsorship"),
            ("La casa matriz no ha decidido si la filial se une al tenant del grupo; hasta entonces no se mueve el correo.", "exchange", "no-intent", "executive-sponsorship"),
            ("集团总部还没拍板子公司要不要并入集团租户，拍板前不迁邮件。", "exchange", "no-intent", "executive-sponsorship"),
            ("IT外包给了MSP，合同里不含Intune；MSP已对变更请求报价，预计二月签字。", "intune", "blocked", "it-change-management-resourcing"),
            ("Home-Laufwerke bleiben auf den lokalen Fileservern (neues NetApp gerade gekauft), OneDrive in den nächsten 3 Jahren nicht geplant.", "onedrive", "no-intent", "using-microsoft-on-premises-solution"),
            ("Schulungsabteilung braucht vorab zugewiesene Breakout-Räume für 300 Personen, das Teams-Limit lässt das nicht zu.", "teams", "blocked", "product-feature-capability"),
            ("培训部门要给300人的培训预分配分组讨论室，Teams有上限做不到；产品组解决前培训部不同意推广。", "teams", "blocked", "product-feature-capability"),
            // A customer silent is the customer's silence, however a partner's is worded.
            ("Customer cancelled the last two planning calls without new dates and hasn't answered since mid-October", "exchange", "status-unknown", "customer-unresponsive"),
        ];
        assert_cases(&cases);
    }

    #[test]
    fn shorthand_for_google_a_cab_and_what_security_agreed() {
        let cases = [
            ("cx on GWS since 2019, EXO seats only came bundled in M365 E3 for the Office apps; no mail move planned.", "exchange", "no-intent", "using-competitive-solution"),
            ("cx change mgmt needs 6 weeks CAB lead time per change; Teams policies queued for the CAB on 15/01.", "teams", "blocked", "it-change-management-resourcing"),
            ("SPO: Websitedesigns bereitgestellt, Richtlinie für externe Freigabe mit Security abgestimmt, Rollout der Hub-Sites läuft.", "sharepoint", "in-progress", "technical-onboarding-deployment"),
        ];
        assert_cases(&cases);
    }

    #[test]
    fn staff_away_phones_to_replace_and_users_unsure_which_tool_find_their_reason() {
        let cases = [
            ("Not moving because their only SharePoint developer is on leave until Feb and nobody else knows the customisations.", "sharepoint", "blocked", "it-change-management-resourcing"),
            ("No avanza porque el único desarrollador de SharePoint está de baja hasta febrero.", "sharepoint", "blocked", "it-change-management-resourcing"),
            ("Desk phones (Unify) not Teams-certified; replacing 600 devices is in the 2027 budget.", "sfb-cloud-pbx", "blocked", "customer-it-infrastructure-remediation"),
            ("桌面电话（Unify）没有Teams认证，600部话机的更换列在2027年预算里。", "sfb-cloud-pbx", "blocked", "customer-it-infrastructure-remediation"),
            ("GF sieht keinen Grund für Win11, solange Win10 ESU sie abdeckt; Thema bis zur Budgetrunde 2027 geparkt.", "windows-10", "no-intent", "executive-sponsorship"),
            ("users dont see the point of Yammer vs Teams, confussion which to use; comms team defining usage guidlines, ready feb", "yammer", "blocked", "adoption-readiness"),
            ("用户不明白Yammer和Teams有啥区别，不知道该用哪个；传播部在定使用指南，二月出", "yammer", "blocked", "adoption-readiness"),
            // Slips in every language still read as what they mean.
            ("Teams blokiert - Firewal-Regeln für Medienports noch nicht offen, Netzwerkteam sagt Mitte Jan", "teams", "blocked", "customer-it-infrastructure-remediation"),
            ("migracion de buzones en curso, 1.2k de 3k movidos, corte planeado p/ fin de enero", "exchange", "in-progress", "migration"),
        ];
        assert_cases(&cases);
        // The information security officer (ISB) named by the short form is the reason.
        let s = engine().suggest(
            "Scheitert an der Freigabe des ISB: externer Zugriff (Gäste) erst nach einer Risikoanalyse, die im Januar vorgelegt wird.",
            Service::resolve("teams"),
        );
        assert_eq!(s.grade.level, Level::Great);
        assert_eq!(
            s.proposals[0].l2.map(|l2| l2.code()),
            Some("security-privacy-non-product-feature")
        );
    }

    #[test]
    fn a_workload_bought_whose_use_is_not_yet_said_is_a_new_subscription() {
        let cases = [
            ("Viva suite bought in Oct incl. Engage; cust hasn't said yet whether they'll use Engage, asked in the QBR on 28/11, answer due Jan.", "yammer", "status-unknown", "new-subscription-or-workload"),
            ("十月买了Viva套件（含Engage），客户还没说会不会用Engage，11月28日季度回顾会上问过，一月答复。", "yammer", "status-unknown", "new-subscription-or-workload"),
        ];
        assert_cases(&cases);
    }

    #[test]
    fn work_reported_done_with_nothing_in_its_way_is_under_way() {
        let cases = [
            ("Teams rollout under way: firewall rules for media ports done, QoS on the WAN configured, 3 of 8 sites live.", "teams", "in-progress", "technical-onboarding-deployment"),
            ("Despliegue de Teams en marcha: reglas de firewall para puertos de medios hechas, QoS en la WAN configurado, 3 de 8 sedes activas.", "teams", "in-progress", "technical-onboarding-deployment"),
            ("Win10-Featureupdate 22H2 per WUfB auf 70% der Geräte verteilt, Rest bis Februar", "windows-10", "in-progress", "technical-onboarding-deployment"),
            ("已配置每月企业频道，40%的电脑已从Office 2013升级", "officeproplus", "in-progress", "technical-onboarding-deployment"),
            // What was done beside what stands in the way leaves the block a block.
            ("KFM configured and tested with IT, but the CISO won't allow it company-wide until DLP for OneDrive is in place (Q1).", "onedrive", "blocked", "security-privacy-non-product-feature"),
            ("SPO-Rollout angehalten: Proxy stört an 2 Standorten weiterhin den OneDrive-/SPO-Sync, Netzwerkteam ist dran, Fix bis 20.12. erwartet.", "sharepoint", "blocked", "customer-it-infrastructure-remediation"),
            ("录制策略已配置并测试，但和职工委员会关于录制的协议还没签；录制功能推广要等。", "teams", "blocked", "legal-regulatory"),
        ];
        assert_cases(&cases);
        let done = |note: &str| {
            let e = engine();
            let norm = text::normalize(note);
            e.reports_work_done(&e.matcher.hits(&norm), &norm)
        };
        assert!(done("QoS on the WAN configured, 3 of 8 sites live"));
        assert!(!done("QoS configured, but the proxy still blocks media"));
        assert!(!done(
            "Proxy bypass eingerichtet, Firewall noch nicht offen"
        ));
        assert!(!done("防火墙已配置，代理还没放行"));
        // A date by which the rest follows is no obstacle.
        assert!(done("1.800 von 2.500 Geräten erledigt, Rest bis März"));
        // Beside a share counted done, what is missing is the rest (D235).
        assert!(done("Handy-Registrierung: 300 von 500 erledigt, es fehlen die Geräte im Werk Monterrey (Feb.)."));
        assert!(done("Enrolamiento de celulares: 300 de 500 listos, faltan los de la planta de Monterrey (feb.)."));
        assert!(!done(
            "Registrierung erledigt, es fehlen Funktionen für Android 8."
        ));
    }

    #[test]
    fn another_vendors_product_kept_on_own_servers_is_a_competitor() {
        let cases = [
            ("Agency keeps Nextcloud on its own servers for file sharing (digital sovereignty policy); SPO not an option.", "sharepoint", "no-intent", "using-competitive-solution"),
            ("继续用本地服务商托管的Zimbra，成本很低，不打算迁到EXO。", "exchange", "no-intent", "using-competitive-solution"),
            ("Bleibt bei Zimbra, gehostet vom lokalen Provider, sehr günstig; keine Absicht, zu EXO zu wechseln.", "exchange", "no-intent", "using-competitive-solution"),
            ("China entity runs on DingTalk for chat and approvals; no Teams for the 800 China users.", "teams", "no-intent", "using-competitive-solution"),
            // Microsoft's own server named beside another vendor's stays on-premises.
            ("Telephony stays on Skype for Business Server 2019 with Avaya until 2027 (hardware just renewed); no Teams Phone.", "sfb-cloud-pbx", "no-intent", "using-microsoft-on-premises-solution"),
            // Nobody who will own it is a missing sponsor.
            ("Nobody in comms or HR wants to own Viva Engage; without an owner the customer won't launch it.", "yammer", "no-intent", "executive-sponsorship"),
        ];
        assert_cases(&cases);
        let s = engine().suggest(
            "Agency keeps Nextcloud on its own servers for file sharing; SPO not an option.",
            Service::resolve("sharepoint"),
        );
        assert_eq!(s.proposals[0].l3.map(|l3| l3.code()), Some("other"));
    }

    #[test]
    fn readiness_resourcing_and_sponsorship_told_apart_by_who_and_what() {
        let cases = [
            ("Die Führung sieht OneDrive als 'noch ein Dropbox' ohne Vorteil gegenüber den Fileshares; kein Auftrag von oben.", "onedrive", "no-intent", "executive-sponsorship"),
            ("Migration tool licences (BitTitan) approved, but the procurement freeze holds the money until Q2.", "exchange", "blocked", "it-change-management-resourcing"),
            ("迁移工具（BitTitan）许可已批，但采购冻结，钱要到二季度才放。", "exchange", "blocked", "it-change-management-resourcing"),
            ("Employees object to cameras on in meetings and to presence tracking; HR drafting usage rules, ready in March.", "teams", "blocked", "adoption-readiness"),
            ("El comité de gobierno de datos debe aprobar cada nueva fuente de datos; ese proceso aún no existe y el despliegue de PBI lo espera (Q1).", "power-bi", "blocked", "it-change-management-resourcing"),
            ("Die Abteilungen haben keine Site-Verantwortlichen benannt; ohne sie entscheidet niemand, was umzieht.", "sharepoint", "blocked", "adoption-readiness"),
        ];
        assert_cases(&cases);
    }

    #[test]
    fn a_partner_as_the_way_to_the_customer_leaves_the_silence_the_customers() {
        let cases = [
            ("No reaction since the workshop in Oct, 2 mails and 1 call to the IT lead unanswered; next try through the partner.", "aadp", "status-unknown", "customer-unresponsive"),
            ("十月工作坊之後就沒回應了，給IT主管發了2封信、打了1通電話都沒回；下次透過合作夥伴聯絡。", "aadp", "status-unknown", "customer-unresponsive"),
            // The list is found as the note is normalised: "über" is "uber" there.
            ("Seit dem Workshop im Okt. keine Reaktion mehr, 2 Mails und 1 Anruf beim IT-Leiter ohne Antwort; nächster Versuch über den Partner.", "aadp", "status-unknown", "customer-unresponsive"),
            // A partner who is silent is still the partner's silence.
            ("partner promissed MCAS workshop in Nov, never happend, no reply to 2 mails since", "mcas", "blocked", "partner-engagement"),
            ("Seguridad TI solo libera OneDrive cuando la sincronización a equipos no administrados esté bloqueada; el concepto está en revisión.", "onedrive", "blocked", "security-privacy-non-product-feature"),
        ];
        assert_cases(&cases);
    }

    #[test]
    fn a_sandbox_tenant_and_a_limit_of_interop_find_their_reason() {
        let cases = [
            ("Tenant ist die Sandbox des Kunden zum Testen von Intune-Richtlinien; 25 Testnutzer, keine Produktivlizenzen.", "intune", "duplicate-invalid", ""),
            ("El tenant es el sandbox del cliente para probar directivas de Intune; 25 usuarios de prueba, sin licencias de producción.", "intune", "duplicate-invalid", ""),
            ("In den Vorstandsräumen stehen Cisco-Videobars; Teams kommt in ihre Webex-Meetings nur mit Audio und Inhalt, der Vorstand will volles Video. Warten auf ein Angebot für den Interop-Dienst.", "teams", "blocked", "product-feature-capability"),
        ];
        for (note, service, l1, l2) in cases {
            let (got1, got2, _) = top(note, service);
            assert_eq!(got1, l1, "{note}");
            if !l2.is_empty() {
                assert_eq!(got2.as_deref(), Some(l2), "{note}");
            }
        }
    }

    #[test]
    fn devices_to_repoint_and_a_security_team_that_insists_find_their_reason() {
        let cases = [
            ("Their mail relay for 200 printers and scanners points at the on-prem server by IP; every device must be re-pointed before the last server can go, 80 done.", "exchange", "blocked", "customer-it-infrastructure-remediation"),
            ("El relay de correo de 200 impresoras y escáneres apunta por IP al servidor on-prem; hay que reconfigurar cada equipo antes de apagar el último servidor.", "exchange", "blocked", "customer-it-infrastructure-remediation"),
            ("Security besteht auf zertifikatsbasiertem WLAN für jedes verwaltete Handy; der SCEP-Connector zur PKI steht noch in der Pentest-Warteschlange.", "intune", "blocked", "security-privacy-non-product-feature"),
            ("安全团队坚持每台受管手机都用基于证书的Wi-Fi，连接PKI的SCEP连接器还在排队做渗透测试（二月）。", "intune", "blocked", "security-privacy-non-product-feature"),
        ];
        assert_cases(&cases);
    }

    #[test]
    fn chinese_first_notes_of_the_mainland_find_their_reason() {
        let cases = [
            ("跨境数据传输要先过网信办的安全评估，评估结果出来之前邮件不能上海外的EXO，预计三月。", "exchange", "blocked", "legal-regulatory"),
            ("信创要求办公软件国产化，客户全面换成WPS，M365 Apps不再部署。", "officeproplus", "no-intent", "using-competitive-solution"),
            ("项目没立项，领导一直没拍板，IT自己推不动，SPO先放着。", "sharepoint", "no-intent", "executive-sponsorship"),
            ("Kein Projektauftrag - die Führung hat nie zugestimmt und die IT kann es allein nicht durchsetzen, SPO geparkt.", "sharepoint", "no-intent", "executive-sponsorship"),
            ("集团统一用帆软做报表，PBI许可闲置，没有切换计划。", "power-bi", "no-intent", "using-competitive-solution"),
        ];
        assert_cases(&cases);
    }

    #[test]
    fn gaps_said_as_what_the_product_does_not_give_find_their_reason() {
        let cases = [
            ("30 % der Geräte laufen mit Android 7, unter der Mindestversion, die Intune für die Registrierung unterstützt; erst nach Gerätetausch möglich", "intune", "blocked", "product-feature-capability"),
            ("El 30 % de los equipos tiene Android 7, por debajo del SO mínimo que Intune admite para inscribir; no se pueden inscribir hasta renovar los dispositivos", "intune", "blocked", "product-feature-capability"),
            ("30%的设备还是Android 7，低于Intune注册支持的最低系统版本；换新设备前无法注册", "intune", "blocked", "product-feature-capability"),
            ("Teams blockiert: keine unterstützte Möglichkeit, die 400 Slack-Kanäle mit Verlauf zu migrieren, Kunde will den Verlauf nicht verlieren", "teams", "blocked", "product-feature-capability"),
            ("Intune-Berichte liefern nicht die Compliance-Sicht pro Geschäftsbereich, die der CISO will; blockiert bis das Reporting besser wird, Q2 erneut prüfen", "intune", "blocked", "product-feature-capability"),
        ];
        assert_cases(&cases);
    }

    #[test]
    fn the_service_named_in_the_note_is_no_reason() {
        let cases = [
            (
                "Win10 blocked because of budget",
                "windows-10",
                "blocked",
                "it-change-management-resourcing",
            ),
            (
                "Win10 blockiert wegen Budget",
                "windows-10",
                "blocked",
                "it-change-management-resourcing",
            ),
            (
                "Win10 bloqueado por presupuesto",
                "windows-10",
                "blocked",
                "it-change-management-resourcing",
            ),
            (
                "Win10因为预算受阻",
                "windows-10",
                "blocked",
                "it-change-management-resourcing",
            ),
        ];
        assert_cases(&cases);
    }

    #[test]
    fn what_the_product_itself_cannot_do_is_its_gap_whoever_asks() {
        let cases = [
            ("Finance requires pixel-exact statutory reports in their XBRL format, Power BI can't produce it; they stay blocked until that's on the product", "power-bi", "blocked", "product-feature-capability"),
            ("Finanzas necesita informes regulatorios exactos en su formato XBRL y Power BI no puede generarlos; bloqueado hasta que el producto lo permita", "power-bi", "blocked", "product-feature-capability"),
            ("Comms requires moderation queues for every post before publishing in the all-company community; not possible in Viva Engage so launch is blocked", "yammer", "blocked", "product-feature-capability"),
            ("传播部门要求全员社区的每条帖子发布前先进审核队列；Viva Engage做不到，上线受阻", "yammer", "blocked", "product-feature-capability"),
            ("PMO braucht Kapazitätsabgleich über Portfolios wie im Primavera-Setup; Project Online bietet das nicht, Entscheidung ruht, bis die neuen Planner-Funktionen kommen", "project-online-professional-premium", "blocked", "product-feature-capability"),
            ("HR verlangt, dass Chats ausscheidender Mitarbeiter 10 Jahre im eigenen Archiv bleiben; Teams kann Chats nicht im benötigten Format dorthin exportieren, Rollout blockiert", "teams", "blocked", "product-feature-capability"),
            ("Shared mailboxes of 200 GB for the claims team exceed what EXO allows; customer keeps claims on-prem and blocks the rest of the cutover until the limit is raised", "exchange", "blocked", "product-feature-capability"),
            ("Esperando la GA de la función de Teams que necesitan (solo en versión preliminar pública), el cliente no desplegará funciones en preview a 8k usuarios; revisar en la GA, prevista Q2", "teams", "blocked", "product-feature-capability"),
            // The rollout's inability, or the environment's, is not the product's.
            ("Intune can't be rolled out to the warehouse: 400 handhelds run Android 6 and must be replaced first, tender closes in February", "intune", "blocked", "customer-it-infrastructure-remediation"),
            ("Teams can't be rolled out until the proxy is replaced, network team plans it for March", "teams", "blocked", "customer-it-infrastructure-remediation"),
            ("SharePoint doesn't work with their current hardware architecture", "sharepoint", "blocked", "customer-it-infrastructure-remediation"),
        ];
        assert_cases(&cases);
    }

    #[test]
    fn a_blocker_said_to_be_over_is_no_evidence() {
        let cases = [
            ("Add-in issue resolved with vendor patch 4.2; M365 Apps packaging done, deployment to 3,000 PCs via Intune starts 12/9", "officeproplus", "in-progress", "technical-onboarding-deployment"),
            ("Problema del complemento resuelto con el parche 4.2 del fabricante; empaquetado de M365 Apps listo, despliegue a 3.000 PC vía Intune empieza el 9/12", "officeproplus", "in-progress", "technical-onboarding-deployment"),
            ("Excepción de proxy aprobada la semana pasada, ya no está bloqueado; clientes de Teams desplegándose a 1.500 usuarios, 600 hechos", "teams", "in-progress", "technical-onboarding-deployment"),
            ("Was in progress, now customer went quiet", "teams", "status-unknown", "customer-unresponsive"),
            ("之前在推进，现在客户没动静了", "teams", "status-unknown", "customer-unresponsive"),
            // Still blocked where the clause waits for the fix.
            ("Blocked until the add-in issue is resolved by the vendor, patch due in March", "officeproplus", "blocked", "app-compatibility"),
        ];
        assert_cases(&cases);
    }

    #[test]
    fn an_agreement_not_served_is_licensing() {
        let cases = [
            ("Tenant ist eine gemeinnützige Akademie mit Non-Profit-Preisen; SDS-Onboarding über FastTrack für diesen Vertragstyp nicht angeboten, Kunde am 12.11. informiert", "classroom-sds", "blocked", "billing-licensing-subscription"),
            ("该租户是享受非营利价格的公益学院；这种协议类型不提供通过FastTrack的SDS上线服务，已于11月12日告知客户", "classroom-sds", "blocked", "billing-licensing-subscription"),
        ];
        assert_cases(&cases);
    }

    #[test]
    fn a_policy_the_it_governance_must_approve_first_is_it_change_management() {
        let cases = [
            ("AIP waiting on the data classification policy: governance board has to approve the 4 label tiers first, next meeting 1/22", "aip", "blocked", "it-change-management-resourcing"),
            ("AIP wartet auf die Datenklassifizierungsrichtlinie: das Governance-Gremium muss zuerst die 4 Label-Stufen genehmigen, nächste Sitzung 22.1.", "aip", "blocked", "it-change-management-resourcing"),
            ("AIP在等数据分类政策：治理委员会要先批准4级标签，下次会议1月22日", "aip", "blocked", "it-change-management-resourcing"),
            // Work going slowly is work under way, not a slow service.
            ("Going slowly, customer at their own pace", "windows-10", "in-progress", "technical-onboarding-deployment"),
            ("Va lento, el cliente a su ritmo", "windows-10", "in-progress", "technical-onboarding-deployment"),
        ];
        assert_cases(&cases);
    }

    #[test]
    fn a_customer_undecided_or_a_sponsor_gone_is_sponsorship() {
        let cases = [
            ("Kunde unentschlossen bei Yammer: der Kommunikationsleiter, der es gesponsert hat, ist im Oktober gegangen, der Nachfolger startet im Februar und entscheidet dann", "yammer", "no-intent", "executive-sponsorship"),
            ("Cliente indeciso con Yammer: el director de comunicación que lo patrocinaba se fue en octubre, su sucesor empieza en febrero y decidirá entonces", "yammer", "no-intent", "executive-sponsorship"),
            ("Customer hasn't decided yet whether to use PBI", "power-bi", "no-intent", "executive-sponsorship"),
            ("客户还没决定是否使用PBI", "power-bi", "no-intent", "executive-sponsorship"),
        ];
        assert_cases(&cases);
        let s = engine().suggest(
            "El cliente aún no ha decidido si usará PBI",
            Service::resolve("power-bi"),
        );
        assert_eq!(s.grade.level, Level::Marginal);
    }

    #[test]
    fn competitors_known_by_one_word_of_their_name_are_named() {
        let cases = [
            ("Document management stays on M-Files, integrated with their ERP and QA processes; SPO only for the intranet news, no intent for files", "sharepoint", "no-intent", "using-competitive-solution"),
            ("La gestión documental sigue en M-Files, integrada con su ERP y procesos de calidad; SPO solo para noticias de la intranet, sin intención para archivos", "sharepoint", "no-intent", "using-competitive-solution"),
        ];
        assert_cases(&cases);
        for note in [
            "Using AirWatch",
            "Nutzt AirWatch",
            "Usan AirWatch",
            "在用AirWatch",
        ] {
            let s = engine().suggest(note, Service::resolve("intune"));
            assert_eq!(s.grade.level, Level::Marginal, "{note}");
            assert_eq!(
                s.proposals[0].l3.map(|l3| l3.code()),
                Some("vmware-airwatch"),
                "{note}"
            );
        }
    }

    #[test]
    fn a_service_word_is_what_the_catalogue_resolves() {
        for word in [
            "exo", "spo", "teams", "intune", "aadp", "od4b", "win10", "yammer", "olm",
        ] {
            assert!(is_service_word(word), "{word}");
            assert!(Service::resolve(word).is_some(), "{word}");
        }
        for word in [
            "budget",
            "firewall",
            "migration",
            "läuft",
            "network",
            "blocked",
        ] {
            assert!(!is_service_word(word), "{word}");
            assert!(Service::resolve(word).is_none(), "{word}");
        }
    }

    #[test]
    fn a_gap_said_in_a_subordinate_clause_or_by_the_app_is_the_products() {
        assert_cases(&[
            // German puts the verb after its negation in a subordinate clause (D142).
            ("EXO blockiert, Compliance braucht Journaling ins On-Prem-Archiv mit Aufbewahrung pro Postfach, das EXO nativ nicht kann", "exchange", "blocked", "product-feature-capability"),
            ("EXO bloqueado, cumplimiento necesita journaling a un archivo local con retención por buzón, EXO no lo hace de forma nativa", "exchange", "blocked", "product-feature-capability"),
            ("Outlook móvil bloqueado: el comité de empresa quiere distinguir visualmente cuentas de trabajo y personales, la app no lo ofrece", "exchange-outlook-mobile", "blocked", "product-feature-capability"),
            ("PBI on hold - HR will RLS nach SAP-HR-Organisationseinheiten, kein Konnektor unterstützt das", "power-bi", "blocked", "product-feature-capability"),
            ("PBI en pausa: RRHH pide seguridad por filas según unidades organizativas de SAP HR, ningún conector lo soporta", "power-bi", "blocked", "product-feature-capability"),
            // An inability that waits on the customer's side, or is the rollout's, is not
            // the product's.
            ("Intune blocked, Intune can't enroll the devices until the Apple push certificate is renewed by the customer", "intune", "blocked", "customer-it-infrastructure-remediation"),
            ("Intune bloqueado, Intune no puede inscribir equipos hasta renovar el certificado APNs", "intune", "blocked", "customer-it-infrastructure-remediation"),
            ("ODfB blocked, the app cannot sync on their old Windows 7 PCs", "onedrive", "blocked", "customer-it-infrastructure-remediation"),
            ("Teams kann nicht genutzt werden, Bandbreite der Standorte zu gering, blockiert", "teams", "blocked", "customer-it-infrastructure-remediation"),
            // Champions trained after a pilot are adoption under way.
            ("ODfB KFM pilot w/ 200 users went well, champions training planned for rest of org", "onedrive", "in-progress", "solution-or-user-adoption"),
            ("Piloto de KFM en ODfB con 200 usuarios fue bien, formación de champions para el resto", "onedrive", "in-progress", "solution-or-user-adoption"),
        ]);
        assert_l3s(&[
            ("Teams voice blocked, CFO wants PSTN calling in Thailand, no Calling Plan or Operator Connect there yet", "teams", "phone-dialing-dial-out-pstn"),
            ("AADP blocked: network team needs >50 trusted IPs for MFA exemption, product limit is 50", "aadp", "mfa-ability-to-add-more-than-50-ips-for-mfa-exemption"),
            ("Yammer无意向：没有业务负责人愿意牵头，内部沟通团队不感兴趣", "yammer", "no-bdm-sponsor-identified"),
            ("AIP受阻：法务需先审批涉及律师-客户特权文件的标签策略措辞", "aip", "legal"),
        ]);
    }

    #[test]
    fn a_merger_awaited_before_any_work_is_change_management() {
        assert_cases(&[
            ("Waiting for the merger to close before any deployment.", "exchange", "blocked", "it-change-management-resourcing"),
            ("Vor jedem Rollout wird der Abschluss der Fusion abgewartet.", "exchange", "blocked", "it-change-management-resourcing"),
            ("Se espera al cierre de la fusión antes de cualquier despliegue.", "exchange", "blocked", "it-change-management-resourcing"),
            ("OneDrive blockiert bis zum Abschluss der Fusion.", "onedrive", "blocked", "it-change-management-resourcing"),
            // The tenant moved after a merger stays with licensing.
            ("Nach der Fusion ziehen alle in den Tenant des Käufers; die Lizenzen liegen noch auf dem alten.", "teams", "blocked", "billing-licensing-subscription"),
        ]);
    }

    #[test]
    fn what_a_customer_keeps_instead_names_its_l3() {
        assert_l3s(&[
            ("NI for PBI - Tableau Server standard across BI team, 400 creators", "power-bi", "tableau"),
            ("PBI无意向：BI团队统一用Tableau Server，400个创作者", "power-bi", "tableau"),
            ("SI - el año pasado invirtieron en una granja SP 2019 nueva y hardware, la usarán hasta fin de soporte", "sharepoint", "commitment-to-on-premises-investment-or-third-party"),
            ("sin intención, usa Office 2021 LTSC con los derechos locales de su E3, no necesita M365 Apps", "officeproplus", "purchased-o365-licenses-but-using-on-premises-right"),
        ]);
    }

    #[test]
    fn a_note_that_tells_two_phases_is_read_for_this_rows() {
        assert_cases(&[
            ("EXO terminado en la sede; 2 filiales siguen en Exchange 2013, se migran en enero tras limpiar el AD", "exchange", "in-progress", "migration"),
            ("SfB -> Teams Upgrade: 70 % TeamsOnly, Rest im Inselmodus bis das Contact Center im Feb umzieht", "teams", "in-progress", "migration"),
            ("Actualización SfB -> Teams: 70 % en TeamsOnly, el resto en modo islas hasta que el contact center se mueva en feb", "teams", "in-progress", "migration"),
            ("OneDrive bien, pero SPO bloqueado: su app LOB de gestión de contratos solo escribe en recursos compartidos por rutas UNC", "sharepoint", "blocked", "app-compatibility"),
            ("AADP done; Intune blocked, the same 2 admins are tied up with the SAP S/4 cutover until March", "intune", "blocked", "it-change-management-resourcing"),
        ]);
    }

    #[test]
    fn the_rarer_blocks_of_set_207_find_their_reason() {
        assert_cases(&[
            // Staff representatives are the works council (D79, D128).
            ("staff reps object to presence/activity status being visible to managers, Teams rollout on hold until agreement", "teams", "blocked", "legal-regulatory"),
            ("los representantes del personal se oponen a que los jefes vean el estado de presencia, despliegue de Teams en pausa hasta acuerdo", "teams", "blocked", "legal-regulatory"),
            // An offer the customer's agreement does not cover is licensing.
            ("SDS blocked: charter school network on a gov agreement, that offer isn't supported for this workload", "classroom-sds", "blocked", "billing-licensing-subscription"),
            ("SDS blockiert: Schulverbund hat einen Behördenvertrag, dieses Angebot wird für den Workload nicht unterstützt", "classroom-sds", "blocked", "billing-licensing-subscription"),
            ("CIO vertraut MS nach den Storm-0558-Meldungen nicht mit Maildaten, will vor jedem Umzug Zusicherungen", "exchange", "blocked", "security-privacy-non-product-feature"),
            ("M365 Apps blocked, 1,500 PCs still on Win 8.1, refresh budgeted for next FY", "officeproplus", "blocked", "customer-it-infrastructure-remediation"),
        ]);
        // In Chinese the words of a works council's objection to telemetry ("职工委员会反对
        // M365 Apps 的遥测，推广暂停直到达成协议", adoption readiness by the privacy L3 of
        // M365 Apps and Windows) now outweigh the staff representatives' cue: legal is
        // second (D213).
        assert_among_three(
            "员工代表反对经理能看到在线状态，Teams推广暂停，等达成一致",
            "teams",
            "blocked",
            "legal-regulatory",
        );
        assert_l3s(&[
            ("Blocked - licences sit on the old test tenant, need moving to prod tenant, MS licensing ticket open", "teams", "wrong-tenant"),
            ("M365 Apps blocked, 1,500 PCs still on Win 8.1, refresh budgeted for next FY", "officeproplus", "desktop-devices"),
            ("CIO vertraut MS nach den Storm-0558-Meldungen nicht mit Maildaten, will vor jedem Umzug Zusicherungen", "exchange", "trust"),
            // Set 212: a forest to consolidate and UPNs that do not route.
            ("blokced - AD forest consolidation pending, UPNs not routable (.local), fix planned Q1", "exchange", "identity"),
        ]);
    }

    #[test]
    fn a_competitor_named_by_its_product_alone_is_the_reason() {
        use crate::grade::Level;
        for note in [
            "keine Absicht, Mail läuft über Tencent Exmail, Chef findet das ausreichend, kein Wechsel",
            "sin intención, el correo está en Tencent Exmail, el jefe cree que basta, no cambiará",
            "没意向，邮箱用的腾讯企业邮，老板觉得够用了，不想换",
        ] {
            let s = engine().suggest(note, Service::resolve("exchange"));
            assert_eq!(s.proposals[0].l2.map(|l2| l2.code()), Some("using-competitive-solution"), "{note}");
            assert_eq!(s.grade.level, Level::Great, "{note}: {:?}", s.grade.reasons);
        }
        // Named in a word it stays marginal (D103).
        let s = engine().suggest("Using AirWatch", Service::resolve("intune"));
        assert_eq!(s.grade.level, Level::Marginal);
        assert_cases(&[
            ("Partner unterbesetzt, Projektleiter zweimal gewechselt, Lieferung verzögert sich ständig", "teams", "blocked", "partner-engagement"),
            ("partner short-staffed, PM changed twice, delivery keeps slipping", "teams", "blocked", "partner-engagement"),
        ]);
    }

    #[test]
    fn a_note_that_opens_with_invalid_set_off_has_said_its_l1() {
        assert_cases(&[
            ("invalid, subscription expired 10/31 and was not renewed", "intune", "duplicate-invalid", ""),
            ("ungültig, Abo am 31.10. abgelaufen und nicht verlängert", "intune", "duplicate-invalid", ""),
            ("无效，订阅10月31日已到期且未续订", "intune", "duplicate-invalid", ""),
            ("Invalid: Yammer seats only came with the suite, tenant is a trial that lapses next week", "yammer", "duplicate-invalid", ""),
            ("Dup - same tenant as the parent's row", "teams", "duplicate-invalid", ""),
            // The word describing what follows is no heading.
            ("Invalid SKU purchased, customer needs E5 for Teams Phone", "teams", "blocked", "billing-licensing-subscription"),
            ("Neue PBI-Lizenzen, melde mich", "power-bi", "status-unknown", "new-subscription-or-workload"),
        ]);
        assert_eq!(invalid_heading("Dup."), None);
        assert_eq!(invalid_heading("Invalid SKU"), None);
    }

    #[test]
    fn admins_to_certify_and_objections_to_diagnostic_data_find_their_reason() {
        assert_cases(&[
            ("Teams Rooms blockiert, AV-Team hat noch nie Teams-Rooms-Geräte verwaltet und braucht erst eine Zertifizierung", "teams", "blocked", "it-change-management-resourcing"),
            ("Teams Rooms受阻：AV团队从没管过Teams Rooms设备，需要先取得认证", "teams", "blocked", "it-change-management-resourcing"),
            // The works council said not to be involved is no evidence for legal.
            ("M365 Apps blockiert: Mitarbeitende lehnen Diagnosedaten und verbundene Erfahrungen ab, Betriebsrat noch nicht beteiligt, DSB schreibt Nutzer-FAQ", "officeproplus", "blocked", "adoption-readiness"),
        ]);
        assert_l3s(&[
            ("Teams rooms blocked, AV team has never managed Teams Rooms devices and needs certification first", "teams", "it-staff-training-required"),
            ("M365 Apps blocked: employees object to diagnostic data and connected experiences, works council not involved yet, DPO drafting user FAQ", "officeproplus", "privacy"),
            ("no intent: HR director who championed Viva Engage left in Oct, nobody took over", "yammer", "no-bdm-sponsor-identified"),
        ]);
    }

    #[test]
    fn a_competitor_kept_takes_the_value_not_seen_and_the_rarer_blocks_are_read() {
        assert_cases(&[
            // No reason to add the service beside a competitor named is the competitor
            // kept (D153); IT setting no browser standard stays sponsorship.
            ("Mail filtering via Barracuda ESS in front of EXO, sec team sees no reason to add ATP on top.", "office-365-atp", "no-intent", "using-competitive-solution"),
            ("Mailfilterung über Barracuda ESS vor EXO, Security sieht keinen Grund, ATP zusätzlich zu nutzen.", "office-365-atp", "no-intent", "using-competitive-solution"),
            ("no intent, mail is on Tencent Exmail, boss thinks it's good enough, won't switch", "exchange", "no-intent", "using-competitive-solution"),
            ("Edge: IT does not standardize on any browser, users choose Chrome/Firefox freely, no plan to enforce", "edge", "no-intent", "executive-sponsorship"),
            // Frontline staff without devices, Wi-Fi not in the halls.
            ("Store staff have no phones or shared devices; kiosk tablets budgeted for Q2 2027, StaffHub on hold until then.", "staffhub", "blocked", "customer-it-infrastructure-remediation"),
            ("Filialmitarbeiter haben weder Handys noch gemeinsame Geräte; Kiosk-Tablets für Q2 2027 budgetiert, StaffHub bis dahin angehalten.", "staffhub", "blocked", "customer-it-infrastructure-remediation"),
            ("Split: 400 seats in the warehouse – no Wi-Fi coverage in the halls, access points ordered for March.", "teams", "blocked", "customer-it-infrastructure-remediation"),
            ("拆分：仓库400个席位——库房没有Wi-Fi覆盖，无线AP已订购，3月到。", "teams", "blocked", "customer-it-infrastructure-remediation"),
            // A Wi-Fi profile fixed in a pilot is work under way, not a network to remediate.
            ("Piloto de 50 dispositivos terminado, corrigiendo el problema del perfil Wi-Fi detectado; inscripción masiva de 3.000 dispositivos prevista desde el 15/1", "intune", "in-progress", "technical-onboarding-deployment"),
            // Intranet apps that need IE mode hold Edge up.
            ("Edge rollout stuck: 14 intranet apps need IE mode site list, app owners testing, target end of Feb.", "edge", "blocked", "app-compatibility"),
            ("Edge推广卡住了：14个内网应用需要IE模式站点列表，应用负责人在测试，目标2月底。", "edge", "blocked", "app-compatibility"),
            // The seats a split row holds are its size, not a licensing block.
            ("División: 500 licencias, bloqueado por la red.", "teams", "blocked", "customer-it-infrastructure-remediation"),
            ("Split row: 1,500 plant workers have no need for a mailbox (shared kiosk PCs, no email use) – no intent for these seats.", "exchange", "no-intent", "executive-sponsorship"),
            // A budget blocked once and released since: the work now under way.
            ("Sep: blocked on budget for headsets. Oct: budget released. Nov: champions program live in 6 of 9 BUs, training sessions weekly.", "teams", "in-progress", "solution-or-user-adoption"),
            ("Sep: bloqueado por el presupuesto de auriculares. Oct: presupuesto liberado. Nov: programa de champions activo en 6 de 9 unidades, formaciones semanales.", "teams", "in-progress", "solution-or-user-adoption"),
            // Legal's own request, and the works council to approve.
            ("Pilot with 100 users done in Oct. Rollout stopped 11/10: legal wants a DPIA for OneDrive before wider use, review with DPO on 01/20.", "onedrive", "blocked", "legal-regulatory"),
            ("敏感度标签暂停：标签策略需要工会批准，下次会议1月15日。", "aip", "blocked", "legal-regulatory"),
        ]);
        assert_l3s(&[
            ("All corp phones in BlackBerry UEM (BES12), security won't drop it before the 2027 renewal.", "intune", "blackberry-enterprise-mobility-suite"),
            ("División: el departamento de diseño (220 licencias) solo usa Mac, no se prevé Windows.", "windows-10", "apple-macos-device"),
            ("El personal de tienda no tiene móviles ni dispositivos compartidos; tablets kiosko presupuestadas para T2 2027, StaffHub en pausa hasta entonces.", "staffhub", "staff-workers-dont-have-devices"),
        ]);
    }

    #[test]
    fn regional_wording_is_read() {
        assert_cases(&[
            // British English, Latin American Spanish, Swiss and Austrian German.
            ("Branch PCs have no webcams or headsets; purchase order raised, kit due in February.", "teams", "blocked", "customer-it-infrastructure-remediation"),
            ("Customer's IT team need upskilling on Autopilot before go-live; training organised for w/c 12 Jan.", "intune", "blocked", "it-change-management-resourcing"),
            ("El equipo de TI del cliente necesita capacitarse en Autopilot antes de salir en vivo; la capacitación es la semana del 12 de enero.", "intune", "blocked", "it-change-management-resourcing"),
            ("Las capacitaciones en las sucursales van avanzando, 14 de 20 sedes listas, terminan en febrero.", "onedrive", "in-progress", "solution-or-user-adoption"),
            ("La gente no está lista para el cambio – la empresa está en plena reestructuración, el plan de comunicación se pasó al nuevo año fiscal.", "teams", "blocked", "adoption-readiness"),
            ("Migration blocked: the DPO requires a review under the revised Swiss FADP of data held outside Switzerland, decision by end of January.", "exchange", "blocked", "legal-regulatory"),
            ("Migration blockiert: Datenschutzbeauftragter verlangt gemäss revDSG eine Abklärung zur Datenhaltung ausserhalb der Schweiz, Entscheid bis Ende Januar.", "exchange", "blocked", "legal-regulatory"),
            // Users who need training are not the IT staff's training.
            ("La mesa de ayuda todavía no tiene capacitación en Teams y los usuarios necesitan capacitarse antes del lanzamiento; sesiones en abril.", "teams", "blocked", "adoption-readiness"),
        ]);
        assert_l3s(&[
            ("Mitarbeitende nutzen die eingebaute Mail-App des Handys; das Unternehmen schreibt die Outlook-App nicht vor.", "exchange-outlook-mobile", "native-mail-calendar-and-contact-client-ios-or-android"),
            ("員工用手機內建的郵件App，公司不打算強制改用Outlook App。", "exchange-outlook-mobile", "native-mail-calendar-and-contact-client-ios-or-android"),
            ("Die PCs in den Filialen haben weder Kameras noch Headsets; Bestellung ist ausgelöst, Lieferung im Februar.", "teams", "hardware"),
        ]);
    }

    #[test]
    fn the_l3s_of_one_service_are_read_on_its_rows() {
        assert_cases(&[
            ("El calendario de Teams necesita EXO; los buzones siguen en Exchange 2013 on-prem, sin híbrido → bloqueado hasta la migración a EXO (T2).", "teams", "blocked", "customer-it-infrastructure-remediation"),
            ("Dateifreigabe in Teams kann nicht live gehen: SPO/ODfB im Tenant noch nicht aktiviert, Aktivierung nach dem CAB im März geplant.", "teams", "blocked", "customer-it-infrastructure-remediation"),
            ("内部沟通团队不确定公司新闻该放Teams还是Yammer；治理委员会1月20日厘清重叠后再推广。", "teams", "blocked", "it-change-management-resourcing"),
            ("Shop staff may not use their own phones on the company network (IT policy), so StaffHub can't start.", "staffhub", "blocked", "customer-it-infrastructure-remediation"),
        ]);
        assert_l3s(&[
            ("Teams calendar needs EXO; mailboxes still on Exchange 2013 on-prem, no hybrid yet → blocked until the EXO migration (Q2).", "teams", "exchange-online-dependency"),
            ("Teams文件共享无法上线：租户里SPO/ODfB还没启用，计划3月CAB之后启用。", "teams", "sharepoint-online-onedrive-for-business-dependency"),
            ("SfB Online not used – customer goes straight from SfB Server to Teams, no intent for SfB Online.", "sfb", "moving-to-teams"),
            ("Win10 LTSC 2019 devices on the shop floor keep legacy Edge (EdgeHTML), no move to the new Edge planned.", "edge", "legacy-edge"),
            ("Comms team unsure whether Teams or Yammer is the place for company news; governance board to settle the overlap on 01/20 before rollout.", "teams", "product-portfolio-overlap-yammer-outlook"),
            ("Interop with suppliers' SfB Server lacks group chat and screen sharing; purchasing won't move to Teams until it works.", "teams", "skype-for-business-interop"),
            ("El personal de tienda no puede usar sus móviles personales en la red de la empresa (política de TI), así que StaffHub no puede arrancar.", "staffhub", "company-doesnt-allow-staff-workers-to-use-personal-devices-on-company-network"),
            ("财务加载项（SAP BPC、Hyperion SmartView）不支持64位M365 Apps；1月底前测试32位版本。", "officeproplus", "opp-3rd-party-plugins"),
        ]);
    }

    #[test]
    fn a_customer_who_answered_once_and_a_contact_away_with_no_deputy_are_unresponsive() {
        assert_cases(&[
            ("Kunde hat am 02.10. einmal geantwortet („prüfen intern“), seitdem trotz 2 Erinnerungen nichts.", "yammer", "status-unknown", "customer-unresponsive"),
            ("El cliente respondió una vez el 02/10 («lo revisamos internamente»), nada desde entonces pese a 2 recordatorios.", "yammer", "status-unknown", "customer-unresponsive"),
            ("Contact on parental leave till March, no deputy named; asked the CIO office for a stand-in on 11/28, no answer.", "onedrive", "status-unknown", "customer-unresponsive"),
        ]);
    }

    #[test]
    fn work_under_way_is_told_apart_by_its_stage() {
        assert_cases(&[
            // Set up, nothing moved yet: onboarding.
            ("HCW hecho, híbrido listo, cambio de MX previsto en enero, aún no se movió ningún buzón", "exchange", "in-progress", "technical-onboarding-deployment"),
            // Reports of a competitor rebuilt in the service: a migration, not the competitor kept.
            ("140 Qlik-Reports werden nach PBI überführt, 60 nachgebaut, Qlik-Abschaltung 06/2027", "power-bi", "in-progress", "migration"),
            ("140个Qlik报表迁到PBI，已重建60个，Qlik 2027年6月下线", "power-bi", "in-progress", "migration"),
            // Users switched and reminded: adoption.
            ("Outlook mobile: 70% of iOS users switched, reminder campaign for the rest until end of Jan", "exchange-outlook-mobile", "in-progress", "solution-or-user-adoption"),
        ]);
    }

    #[test]
    fn no_intent_without_a_competitor_is_read_by_what_is_kept_or_missed() {
        assert_cases(&[
            ("Kleine Firma (80 User, ein Standort), kein Use Case für ein Enterprise Social Network.", "yammer", "no-intent", "executive-sponsorship"),
            ("IT让用户随便选浏览器，没有标准，也不打算定。", "edge", "no-intent", "executive-sponsorship"),
            ("Skype许可证没用——所有用户2024年起已经在用Teams。", "sfb", "no-intent", "using-microsoft-on-premises-solution"),
            ("Devices stay in SCCM only, no cloud management wanted; customer reviewed co-management in Oct and said no.", "intune", "no-intent", "using-microsoft-on-premises-solution"),
            // English terms inside another language's note (set 223).
            ("客户那边security team不同意BYOD enrollment，要等1月的policy review。", "intune", "blocked", "security-privacy-non-product-feature"),
            ("El customer está blocked por la auth del proxy que rompe la conectividad de Outlook, el fix va en la semana 3.", "exchange", "blocked", "customer-it-infrastructure-remediation"),
        ]);
        assert_l3s(&[
            ("TI deja que los usuarios elijan cualquier navegador, sin estándar y sin planes de tenerlo.", "edge", "it-not-enforcing-standardizing-on-any-internet-browser"),
            ("Skype-Lizenzen ungenutzt – alle User seit 2024 bereits auf Teams.", "sfb", "moving-to-teams"),
        ]);
    }

    #[test]
    fn the_partner_short_of_staff_and_licences_in_the_wrong_tenant_are_read() {
        assert_cases(&[
            // A note about the partner: its staff are the partner's (D164).
            ("Partner lost its only SPO migration engineer, replacement starts in Feb; migration on hold.", "sharepoint", "blocked", "partner-engagement"),
            ("合作伙伴唯一的SPO迁移工程师离职了，接替的人2月到岗；迁移暂停。", "sharepoint", "blocked", "partner-engagement"),
            ("El socio no tiene capacidad, el proyecto no puede empezar hasta agosto.", "exchange", "blocked", "partner-engagement"),
            // The customer's own IT short of staff stays resourcing.
            ("IT team has no capacity until the ERP go-live in March; Teams rollout postponed.", "teams", "blocked", "it-change-management-resourcing"),
            // Licences in the test tenant instead of production: the wrong tenant, not an invalid row.
            ("Licences landed in the test tenant (contosotest.onmicrosoft.com) instead of prod; move requested via CSP 11/29.", "exchange", "blocked", "billing-licensing-subscription"),
            ("许可证进了测试租户（contosotest.onmicrosoft.com）而不是生产租户；11/29已通过CSP申请转移。", "exchange", "blocked", "billing-licensing-subscription"),
            ("Blockiert wegen Serviceproblemen.", "teams", "blocked", "service-reliability"),
            ("Partner's quote for the mailbox migration still outstanding (open for 3 weeks); no quote, no order.", "exchange", "blocked", "partner-engagement"),
        ]);
        assert_l3s(&[(
            "Las licencias cayeron en el tenant de pruebas (contosotest.onmicrosoft.com) en vez de producción; traslado pedido por CSP el 29/11.",
            "exchange",
            "wrong-tenant",
        )]);
    }

    #[test]
    fn reasons_told_in_the_customers_situation_are_read() {
        assert_cases(&[
            ("合并后有两个AD林，没人决定哪个同步到云端。", "exchange", "blocked", "customer-it-infrastructure-remediation"),
            ("Field staff have only ever used paper forms; they need the basics before any app, course planned for spring.", "teams", "blocked", "adoption-readiness"),
            ("外勤员工一直只用纸质表单；用任何App前都得先学基础，春季安排课程。", "teams", "blocked", "adoption-readiness"),
            // A third party's product not certified for the service: app compatibility.
            ("Compliance needs calls recorded with their existing recorder (NICE), which isn't certified for Teams yet.", "teams", "blocked", "app-compatibility"),
            ("合规要求用现有的录音系统（NICE）录通话，而它还没通过Teams认证。", "teams", "blocked", "app-compatibility"),
            // What was bought does not cover what they want: licensing.
            ("What they bought covers mail and chat but not the phone system they want to move to Teams.", "teams", "blocked", "billing-licensing-subscription"),
            ("Lo que compraron cubre correo y chat pero no la telefonía que quieren pasar a Teams.", "teams", "blocked", "billing-licensing-subscription"),
        ]);
    }

    #[test]
    fn whatsapp_kept_old_laptops_and_the_lawyers_are_read() {
        assert_cases(&[
            ("Shift workers all use WhatsApp groups for shift chat and like it that way; no plan to change.", "teams", "no-intent", "using-competitive-solution"),
            ("La mitad de los portátiles tiene 8 años y no puede con el nuevo cliente de Teams; el reemplazo está en el presupuesto del FY27.", "teams", "blocked", "customer-it-infrastructure-remediation"),
            ("Die Anwälte des Kunden verhandeln noch den AVV-Anhang zu Unterauftragsverarbeitern; kein Rollout vor der Unterschrift.", "exchange", "blocked", "legal-regulatory"),
        ]);
        assert_l3s(&[(
            "Their SAN is end of life and keeps failing; the hybrid server can't be built until the new storage arrives in Feb.",
            "exchange",
            "hardware",
        )]);
    }

    #[test]
    fn a_partner_copied_on_the_mails_is_the_way_to_the_customer() {
        assert_cases(&[(
            "El FM envió el correo de bienvenida en septiembre y otro en octubre con la guía de onboarding adjunta. Después intentamos llamar al número de la ficha de la cuenta, pero saltó la centralita. El partner iba en copia en el último correo también. Hasta ahora nadie nos ha respondido.",
            "intune",
            "status-unknown",
            "customer-unresponsive",
        )]);
    }

    #[test]
    fn the_fear_that_the_provider_reads_the_mail_is_trust() {
        assert_l3s(&[(
            "CIO fürchtet, Microsoft-Mitarbeiter könnten ihre Mails lesen; will vor der Entscheidung die Details zu Customer Lockbox.",
            "exchange",
            "trust",
        )]);
    }

    #[test]
    fn voice_rows_are_read() {
        assert_cases(&[
            ("40 meeting rooms have Polycom SIP devices that can't join Teams; room refresh budgeted for FY27.", "teams", "blocked", "customer-it-infrastructure-remediation"),
            ("Anrufwarteschlangen und automatische Telefonzentralen ziehen vom Skype Server um: 14 von 30 fertig, Rest bis Ende Feb.", "teams", "in-progress", "migration"),
            ("11/28购买了Calling Plan附加许可（300用户），还没和客户谈语音。", "sfb-pstn-calling", "status-unknown", "new-subscription-or-workload"),
        ]);
    }

    #[test]
    fn a_competitor_being_replaced_is_a_migration_and_a_business_undecided_is_readiness() {
        assert_cases(&[
            ("Replacing Symantec with Defender: 2,100 of 3,000 endpoints switched, Symantec removal by 01/31.", "microsoft-defender-atp", "in-progress", "migration"),
            ("Sustituyendo Symantec por Defender: 2.100 de 3.000 equipos cambiados, desinstalación de Symantec antes del 31/01.", "microsoft-defender-atp", "in-progress", "migration"),
            ("正在用Defender替换Symantec：3000台终端已切换2100台，01/31前卸载Symantec。", "microsoft-defender-atp", "in-progress", "migration"),
            ("Labels stehen, aber das Business kann sich nicht einigen, was 'vertraulich' heißt; Workshop der Dateneigentümer am 14.01.", "aip", "blocked", "adoption-readiness"),
        ]);
    }

    #[test]
    fn reasons_told_a_fourth_time_are_read() {
        assert_cases(&[
            ("集团40家子公司统一用Google；这家不允许例外。", "teams", "no-intent", "using-competitive-solution"),
            ("Doctors won't use chat for patient topics until the clinical board issues usage guidance (expected March).", "teams", "blocked", "adoption-readiness"),
            ("Sync runs, the first 40 people can enrol, the rest follow once the service desk is briefed next week.", "intune", "in-progress", "technical-onboarding-deployment"),
            ("Die Prüfer bemängeln dauerhafte Adminrechte; zuerst muss PIM eingeführt werden (Feb).", "aadp", "blocked", "security-privacy-non-product-feature"),
            ("车间用一个老的Java小程序做质检，Edge打不开；替代应用三季度上线。", "edge", "blocked", "app-compatibility"),
        ]);
    }

    #[test]
    fn pbi_names_the_service_not_a_reason() {
        assert_cases(&[(
            "New PBI licences, will reach out",
            "power-bi",
            "status-unknown",
            "new-subscription-or-workload",
        )]);
    }

    #[test]
    fn a_customer_busy_with_an_audit_asks_for_time_not_security() {
        assert_cases(&[
            ("Andan con la auditoría externa hasta fin de enero y piden más tiempo antes de mover archivos.", "onedrive", "blocked", "it-change-management-resourcing"),
            ("他们忙外部审计到1月底，要求挪文件前再多给点时间。", "onedrive", "blocked", "it-change-management-resourcing"),
        ]);
    }

    #[test]
    fn german_idiom_told_in_english_is_read() {
        assert_cases(&[
            ("Jammed at the proxy: Outlook keeps dropping behind the Bluecoat, exceptions set up by week 3.", "exchange", "blocked", "customer-it-infrastructure-remediation"),
            ("Customer has no need: 60 people on one site, word of mouth is enough, says the MD.", "yammer", "no-intent", "executive-sponsorship"),
        ]);
    }

    #[test]
    fn chinese_idiom_told_in_other_languages_is_read() {
        assert_cases(&[
            ("State-owned customer: data leaving the country needs the CAC security review; mailboxes can't go to the cloud until it passes.", "exchange", "blocked", "legal-regulatory"),
            ("El partner de implantación cambió de jefe de proyecto, el nuevo aún se está poniendo al día; la revisión del diseño pasa a mediados de enero.", "teams", "blocked", "partner-engagement"),
            ("AD里账号乱，很多人一人多号，同步前得先梳理，IT说要两个月。", "aadp", "blocked", "customer-it-infrastructure-remediation"),
        ]);
    }

    #[test]
    fn a_business_that_wont_let_go_is_readiness() {
        assert_cases(&[
            ("Finance won't let go of their Excel packs until a PBI report matches the monthly numbers; reconciliation run in Jan.", "power-bi", "blocked", "adoption-readiness"),
            ("财务要等PBI报表和月度数字对得上才肯放弃Excel报表包；1月做核对。", "power-bi", "blocked", "adoption-readiness"),
            ("Outlook móvil en el 62 % de los usuarios móviles; el correo nativo se corta el 31/01 tras la campaña de comunicación.", "exchange-outlook-mobile", "in-progress", "solution-or-user-adoption"),
        ]);
    }

    #[test]
    fn azure_ad_premium_gaps_name_their_l3s() {
        assert_l3s(&[
            ("MFA trusted IPs are capped at 50 and they have 180 branch egress IPs; blocked until a workaround is found.", "aadp", "mfa-ability-to-add-more-than-50-ips-for-mfa-exemption"),
            ("No way to move their 5,000 hardware tokens from MFA Server on-prem to Azure MFA; migration blocked.", "aadp", "mfa-migration-capability-between-mfa-on-prem-to-azure-mfa-cloud-service"),
            ("Sign-in page text is limited to 256 characters and their legal disclaimer is 900; legal won't sign off.", "aadp", "custom-branding-sign-in-page-text-only-allows-256-characters"),
        ]);
        assert_cases(&[(
            "MyApps can't hide the tiles of 40 legacy apps users shouldn't click; business won't launch the portal like that.",
            "aadp",
            "blocked",
            "product-feature-capability",
        )]);
    }

    #[test]
    fn a_managed_service_provider_is_the_partner() {
        assert_cases(&[
            ("MSP that runs their desktops won't give us the admin contact or a window; 3 requests since October ignored.", "intune", "blocked", "partner-engagement"),
            ("负责他们桌面运维的MSP既不给管理员联系人也不给时间窗口；10月以来3次请求都被无视。", "intune", "blocked", "partner-engagement"),
            ("In der Produktion läuft alles über Funk und Papier; die Vorarbeiter müssen erst festlegen, wie die Schichten Chat nutzen, Workshop am 21.01.", "teams", "blocked", "adoption-readiness"),
        ]);
    }

    #[test]
    fn file_servers_kept_and_news_awaited_are_read() {
        assert_cases(&[
            ("Los archivos se quedan en sus servidores Windows con DFS; TI no ve motivo para llevar las unidades personales a la nube.", "onedrive", "no-intent", "using-microsoft-on-premises-solution"),
            ("Seguimos esperando noticias del cliente.", "exchange", "status-unknown", "customer-unresponsive"),
        ]);
        let s = engine().suggest("暂无", Service::resolve("intune"));
        assert_eq!(s.proposals[0].l1, L1::StatusUnknown);
    }

    #[test]
    fn device_management_and_endpoint_gaps_told_are_the_products() {
        assert_cases(&[
            ("Bloqueado: los técnicos de laboratorio tienen 6-8 dispositivos cada uno y Intune limita a 5 por usuario. FR abierta con PG, revisar en Q2.", "intune", "blocked", "product-feature-capability"),
            ("El equipo de preparación quiere inscribir los móviles en nombre de los usuarios; Intune exige que cada usuario inicie sesión. Bloqueado a la espera de la función.", "intune", "blocked", "product-feature-capability"),
            ("Wenn ein Analyst eine große Advanced-Hunting-Abfrage startet, sind die anderen ausgesperrt. SOC-Leiter onboardet erst nach einem Fix weiter.", "microsoft-defender-atp", "blocked", "product-feature-capability"),
            ("Field sales file mail into subfolders with rules and get no push for new mail there in Outlook mobile. Won't switch from native app until it does.", "exchange-outlook-mobile", "blocked", "product-feature-capability"),
            ("Die Entwickler hängen an Slack-Bots und Slash-Commands, für ihre Abläufe gibt es in Teams nichts Gleichwertiges. Blockiert wegen dieser Lücke.", "teams", "blocked", "product-feature-capability"),
            ("Policy says keys must stay in their own HSM – waiting for BYOK before any protection goes live.", "azrms", "blocked", "product-feature-capability"),
        ]);
        assert_l3s(&[
            ("Regional IT teams may only see their own machines; RBAC in MDATP not granular enough for that. Blocked.", "microsoft-defender-atp", "endpoint-detection-and-response-lack-of-granular-rbac-permissions"),
            ("一个分析员跑大的高级搜寻查询时，其他人就被锁在外面。SOC负责人说修好之前不再接入更多设备。", "microsoft-defender-atp", "advanced-hunting-locks-out-multiple-users"),
            ("Su política exige que las claves estén en su propio HSM; esperan a BYOK antes de activar cualquier protección.", "azrms", "technical-fit-waiting-for-bring-your-own-key"),
        ]);
    }

    #[test]
    fn an_l3_only_some_services_have_speaks_for_its_status() {
        // Microsoft 365 Apps' and Windows' own privacy L3 is adoption readiness, though a
        // works council's objection is legal elsewhere (D183).
        assert_cases(&[
            ("Works council objects to Office diagnostic data being sent to MS; rollout of M365 Apps on hold until telemetry level agreed.", "officeproplus", "blocked", "adoption-readiness"),
            ("工会反对Office把诊断数据发给微软，M365 Apps推广暂停，等遥测级别谈妥。", "officeproplus", "blocked", "adoption-readiness"),
            ("Works council objects to Teams usage data being shown to managers; rollout on hold until agreed.", "teams", "blocked", "legal-regulatory"),
            ("Su proceso de parches (SCCM, CAB mensual) aún no soporta actualizaciones de características; primero rediseñan el proceso de servicing, objetivo Q2.", "windows-10", "blocked", "it-change-management-resourcing"),
            // No Intent's own L3s too, beside words of No Intent (D194).
            ("Still standardised on IE11 for the intranet + SAP GUI for HTML; no plan to move users to Edge this year.", "edge", "no-intent", "using-microsoft-on-premises-solution"),
            ("对SfB Online无意向——所有用户已在使用Teams", "sfb", "no-intent", "using-microsoft-on-premises-solution"),
            ("Interne Diskussion Teams vs. Yammer vs. Outlook-Gruppen für die Zusammenarbeit – IT rollt Teams erst aus, wenn klar ist, welches Tool wofür (Workshop 20.1.).", "teams", "blocked", "it-change-management-resourcing"),
        ]);
    }

    #[test]
    fn the_customer_quoted_and_work_by_stage_are_read() {
        assert_cases(&[
            ("Intentando contactar con el cliente.", "teams", "status-unknown", "customer-unresponsive"),
            ("Cust: \"our mail stays in our datacenter\" – Exchange 2019 on-prem, they want full control, no cloud mail planned.", "exchange", "no-intent", "using-microsoft-on-premises-solution"),
            ("Finanzen: „Erst muss das SAP-Add-in laufen.“ – Hersteller zertifiziert es im März für M365 Apps; OPP wartet.", "officeproplus", "blocked", "app-compatibility"),
            ("Usage stuck at 35% in plants – running floor walkers + Teams tips in shift briefings this month.", "teams", "in-progress", "solution-or-user-adoption"),
        ]);
        let s = engine().suggest("Customer said \"not now\".", Service::resolve("teams"));
        assert_eq!(s.proposals[0].l1, L1::NoIntent);
    }

    #[test]
    fn a_tenant_without_users_is_invalid_and_one_without_the_licences_is_blocked() {
        let l1 = |note: &str, service: &str| {
            engine().suggest(note, Service::resolve(service)).proposals[0].l1
        };
        for (note, service) in [
            ("Business unit sold to Fabrikam in Oct; licences stay until term end but no users left here. Invalid.", "teams"),
            ("该业务部门10月已卖给Fabrikam，许可到期前还在，但这里已没有用户。无效。", "teams"),
            ("租户有ProPlus和Outlook移动版权益但没有Exchange（邮件在Gmail上），Outlook移动版不适用，标记无效。", "exchange-outlook-mobile"),
            ("ProPlus + OM entitlement but mail runs on Exchange 2016 on-prem only, no EXO in tenant. OM row invalid per guidance.", "exchange-outlook-mobile"),
            ("Derecho de ProPlus y OM, pero el correo va solo en Exchange 2016 on-prem, sin EXO en el tenant. Fila de OM inválida según la guía.", "exchange-outlook-mobile"),
        ] {
            assert_eq!(l1(note, service), L1::DuplicateInvalid, "{note}");
        }
        assert_cases(&[
            ("Teams-Lizenzen versehentlich auf den Tenant der Tochter gekauft; die User sind im Mutter-Tenant. Lizenzdesk verschiebt sie, bis dahin blockiert.", "teams", "blocked", "billing-licensing-subscription"),
            ("Tenant-to-tenant move after the merger: 1,200 of 4,000 mailboxes moved to the group tenant, done by March.", "exchange", "in-progress", "migration"),
            ("Migración de tenant a tenant tras la fusión: 1.200 de 4.000 buzones ya en el tenant del grupo, fin en marzo.", "exchange", "in-progress", "migration"),
        ]);
    }

    #[test]
    fn security_services_schools_and_shop_floors_are_read() {
        assert_cases(&[
            ("DLP + classification done with Symantec DLP and Titus labels; compliance won't run two tools. No AIP.", "aip", "no-intent", "using-competitive-solution"),
            ("已为IT和财务（600人）启用安全链接和安全附件，调优后1月覆盖全公司。", "office-365-atp", "in-progress", "technical-onboarding-deployment"),
            ("Die Schulen nutzen schon Klassenlisten aus dem Landesportal in Google Classroom; der Träger sieht keinen Grund für SDS. Geparkt.", "classroom-sds", "no-intent", "using-competitive-solution"),
            ("Los operarios tienen móvil propio pero el BYOD está prohibido en la red de la planta; Shifts bloqueado hasta que exista una política de wifi de invitados.", "staffhub", "blocked", "customer-it-infrastructure-remediation"),
            ("Sincronización de SDS desde PowerSchool en marcha en 12 de 30 colegios, equipos de clase creados; el resto tras las vacaciones de invierno.", "classroom-sds", "in-progress", "technical-onboarding-deployment"),
        ]);
        assert_l3s(&[(
            "Schools already use Google Classroom rosters from the state portal; board sees no reason to add SDS. Parked.",
            "classroom-sds",
            "google-g-suite",
        )]);
    }

    #[test]
    fn identity_gaps_told_a_second_time_are_the_products() {
        assert_cases(&[
            ("Die eigenen (BYOA-)Apps lassen sich im Portal nicht umbenennen – 200 Kacheln zeigen Herstellernamen, die keiner kennt. So startet der Fachbereich nicht.", "aadp", "blocked", "product-feature-capability"),
            ("Pilot users complained they get no confirmation after registering for SSPR/MFA; service desk flooded with 'did it work?' calls. Paused rollout.", "aadp", "blocked", "product-feature-capability"),
            ("Asistente de AAD Connect: si omiten SSO ahora no hay forma de volver y configurarlo después, y aún no están listos para SSO. La instalación espera.", "aadp", "blocked", "product-feature-capability"),
            ("Mail is still Exchange 2013 on-prem and CA for mobile mail doesn't cover that setup. They won't enrol phones without it.", "intune", "blocked", "product-feature-capability"),
            ("Der DSB besteht darauf, dass Nutzer vor der Abfrage der Handynummer bei SSPR einer Einwilligung zustimmen; so eine Abfrage gibt es nicht. Blockiert.", "aadp", "blocked", "product-feature-capability"),
            ("Their AD is a mess: 3 forests, 40% of accounts with non-routable UPNs. Cleanup project first, AAD Connect after (Q2).", "aadp", "blocked", "customer-it-infrastructure-remediation"),
        ]);
        assert_l3s(&[(
            "Die eigenen (BYOA-)Apps lassen sich im Portal nicht umbenennen – 200 Kacheln zeigen Herstellernamen, die keiner kennt. So startet der Fachbereich nicht.",
            "aadp",
            "apps-rename-custom-byoa-apps",
        )]);
    }

    #[test]
    fn teams_windows_and_outlook_mobile_gaps_told_are_the_products() {
        assert_cases(&[
            ("External auditors need guest access to 30 audit teams w/ their own IDs; guest experience doesn't meet their needs (no B2B w/ their IdP). Blocked.", "teams", "blocked", "product-feature-capability"),
            ("No hay herramienta que traiga 8 años de historial de Slack a Teams como exige legal; la migración del historial es el bloqueo.", "teams", "blocked", "product-feature-capability"),
            ("Asset team needs a full software inventory incl. non-MSI apps from Intune/Win10 mgmt; not there, so they keep SCCM and hold the switch.", "windows-10", "blocked", "product-feature-capability"),
        ]);
        assert_l3s(&[(
            "没有工具能按法务要求把8年的Slack历史记录迁到Teams，历史迁移是阻碍。",
            "teams",
            "migration",
        )]);
    }

    #[test]
    fn no_intent_told_by_its_on_premises_and_sponsorship_reasons() {
        assert_cases(&[
            ("Gerade 400.000 € in neue Exchange-2019-DAG-Hardware gesteckt (Jan); das Management will 5 Jahre damit fahren, bevor Cloud-Mail kommt.", "exchange", "no-intent", "using-microsoft-on-premises-solution"),
            ("Teams came in the M365 E3 bundle; they use Webex and never asked for Teams – licences just sit there.", "teams", "no-intent", "using-competitive-solution"),
            ("IT would deploy PBI but no business leader will sponsor it or own the data model; parked until someone steps up.", "power-bi", "no-intent", "executive-sponsorship"),
        ]);
    }

    #[test]
    fn old_room_devices_are_hardware_and_a_business_that_cannot_agree_is_readiness() {
        assert_cases(&[
            ("Meeting rooms have old Polycom units not certified for Teams; 45 rooms need new kit, budget approved, delivery March.", "teams", "blocked", "customer-it-infrastructure-remediation"),
            ("标签已配置，但各业务部门对“机密”的定义谈不拢；发布前1月和6个部门开分类研讨会。", "aip", "blocked", "adoption-readiness"),
        ]);
    }

    #[test]
    fn the_partner_at_work_silent_or_replaced_is_read() {
        assert_cases(&[
            ("Partner assigned via FastTrack hasn't answered our 3 mails or the customer's; customer asking for a different partner.", "intune", "blocked", "partner-engagement"),
            ("SOW con el partner firmado pero sin orden de compra: el presupuesto del cliente se libera en abril. El partner no puede empezar antes.", "aadp", "blocked", "it-change-management-resourcing"),
            ("El partner montó los hub sites y la gobernanza (nombres, caducidad, uso compartido externo desactivado); los 20 primeros sitios de departamento salen el 13 de ene.", "sharepoint", "in-progress", "technical-onboarding-deployment"),
            ("Partner beauftragt, Deployment läuft.", "intune", "in-progress", "technical-onboarding-deployment"),
        ]);
    }

    #[test]
    fn information_protection_blocks_are_read() {
        assert_cases(&[
            ("Their CAD tool and the old PDF editor can't open protected files; vendors' updates due Q2, labels with encryption on hold.", "aip", "blocked", "app-compatibility"),
            ("Protecting docs with Seclore across the group since 2020, integrated with their DMS. No Azure RMS.", "azrms", "blocked", "product-feature-capability"),
        ]);
    }

    #[test]
    fn a_partner_paused_a_team_too_small_and_work_moved_in_are_read() {
        assert_cases(&[
            // The partner's own people gone is the partner's engagement.
            ("Blocked – Intranet-Aufbau beim Partner pausiert, deren SPFx-Entwickler ist weg; neue Ressource vom Partner erst im Feb. Alternativer Partner wird geprüft.", "sharepoint", "blocked", "partner-engagement"),
            // A team of two busy elsewhere is a resource limitation.
            ("Blocked – desktop team (2 people) fully on Win11 upgrade, Edge baseline & IE mode list only after 03/31.", "edge", "blocked", "it-change-management-resourcing"),
            ("Blocked——桌面团队（2 人）全力做 Win11 升级，Edge 基线和 IE 模式列表要 3/31 之后。", "edge", "blocked", "it-change-management-resourcing"),
            // Which of Teams, Yammer and Outlook groups to use is the portfolio's overlap.
            ("Blocked：沟通团队不清楚何时用 Teams、Yammer 还是 Outlook 组，推广前要一份使用指南，1/9 开研讨会。", "teams", "blocked", "it-change-management-resourcing"),
            // Plans imported into Project Online are migrated, whatever they left.
            ("300 MPP-Pläne vom Fileserver nach Project Online, 120 importiert, PMO macht den Rest bis 28.02.", "project-online-professional-premium", "in-progress", "migration"),
            ("Pasando 300 planes MPP del servidor de archivos a Project Online, 120 importados, la PMO termina el resto antes del 28/02.", "project-online-professional-premium", "in-progress", "migration"),
            // A farm kept in their own datacentre is the on-premises service.
            ("NI——保留 SP 2019 场；董事会要求文档数据留在自有数据中心，该决定每年复审（下次 9 月）。", "sharepoint", "no-intent", "using-microsoft-on-premises-solution"),
        ]);
        assert_l3s(&[(
            "Blocked – desktop team (2 people) fully on Win11 upgrade, Edge baseline & IE mode list only after 03/31.",
            "edge",
            "resource-limitation",
        )]);
    }

    #[test]
    fn enrolment_in_shorthand_is_work_under_way() {
        assert_cases(&[(
            "Intune: enrol in prog.",
            "intune",
            "in-progress",
            "technical-onboarding-deployment",
        )]);
    }

    #[test]
    fn voice_seats_missing_and_a_move_off_cucm_are_read() {
        assert_cases(&[
            // Seats missing for the organisers are seats to add, not a gap of the service.
            ("Bloqueado – faltan licencias de Audioconferencia para 300 organizadores; solo se compraron 20, finanzas aprueba el resto en Q1.", "sfb-cloud-pstn-conferencing", "blocked", "billing-licensing-subscription"),
            ("1.800 Nutzer von Cisco CUCM auf Teams Phone, 600 erledigt, Standort für Standort; letzter Standort 15.03.", "teams", "in-progress", "migration"),
            // The service named is no gap: its usage is the adoption.
            ("Audioconferencia activada, poco uso, formación prevista.", "sfb-cloud-pstn-conferencing", "in-progress", "solution-or-user-adoption"),
        ]);
    }

    #[test]
    fn the_word_for_a_browser_names_no_standard() {
        // IE kept as the default browser is Internet Explorer kept, not a standard missing.
        assert_cases(&[("无意向——60 个内网应用只能在 IE11 中运行，IE 仍是默认浏览器；尚未评估 Edge 的 IE 模式，也没有负责人。", "edge", "no-intent", "using-microsoft-on-premises-solution")]);
        assert_l3s(&[
            ("IT lets everyone pick their own browser (Chrome/Firefox/Edge), no standard and no wish to set one. No push for Edge.", "edge", "it-not-enforcing-standardizing-on-any-internet-browser"),
            ("TI deja que cada uno elija navegador (Chrome/Firefox/Edge), sin estándar ni intención de fijarlo. Sin impulso para Edge.", "edge", "it-not-enforcing-standardizing-on-any-internet-browser"),
            ("IT让每个人自己选浏览器（Chrome/Firefox/Edge），没有标准也不打算定。不会推Edge。", "edge", "it-not-enforcing-standardizing-on-any-internet-browser"),
        ]);
    }

    #[test]
    fn long_notes_are_read_by_what_they_say_of_the_status() {
        assert_cases(&[
            ("Still blocked on the legal side. The customer's data protection officer has asked for a full data protection impact assessment before any document libraries can be moved to SharePoint Online, and their external counsel also wants to review the EU Data Boundary commitments and the subprocessor list. We sent the documentation in November and offered a call with our privacy team, but the review keeps getting pushed because the legal department is busy with an acquisition. No new date has been given yet, and the IT team is frustrated because the intranet project is waiting.", "sharepoint", "blocked", "legal-regulatory"),
            ("Blockiert durch Anwendungskompatibilität, wie mehrfach mit dem Kunden besprochen. Ihr Laborinformationssystem von einem kleinen Hersteller ist nur für Windows 7 zertifiziert, und der Hersteller verschiebt den Termin für eine Windows-10-Version immer wieder, erst September, dann November, jetzt heißt es vielleicht Frühjahr. Das Labor hat 350 PCs, die bis dahin nicht aktualisiert werden können, und der Rest der Umgebung (etwa 2.000 Geräte) wartet, weil der Kunde alles in einem Projekt statt in zwei Phasen machen will, was wir erfolglos zu ändern versucht haben.", "windows-10", "blocked", "app-compatibility"),
            // Registering MFA and writing the design is work under way, whoever reviews it.
            ("La semana pasada tuvimos un buen taller con el equipo de identidad y hay otra sesión prevista a principios de enero con los arquitectos de seguridad; mientras tanto están revisando las directivas de Acceso Condicional y el registro de MFA, y el partner les ayuda con los documentos de diseño que el CISO todavía tiene que revisar antes de que nada entre en producción.", "aadp", "in-progress", "technical-onboarding-deployment"),
        ]);
    }

    #[test]
    fn a_customer_hard_to_reach_is_silent() {
        assert_cases(&[(
            "Cliente difícil de localizar, lo intentaré de nuevo.",
            "aadp",
            "status-unknown",
            "customer-unresponsive",
        )]);
    }

    #[test]
    fn a_service_waited_on_is_the_dependency_or_the_sequence() {
        assert_cases(&[
            // Work that follows another workload's migration is work under way.
            ("OneDrive starts once the EXO migration is done (last batch 01/17); KFM GPOs prepared, pilot w/c 01/27.", "onedrive", "in-progress", "technical-onboarding-deployment"),
            // The customer's own ADFS that cannot do modern auth is their identity.
            ("受阻——Outlook 移动版需要新式验证，而他们的 ADFS 2.0 不支持；1 月决定升级 ADFS 还是改用 PHS。", "exchange-outlook-mobile", "blocked", "customer-it-infrastructure-remediation"),
        ]);
        assert_l3s(&[(
            "Bloqueado – SharePoint Online está desactivado en el tenant por política y el uso compartido de archivos de Teams lo necesita; el cambio de política va al consejo el 15/02.",
            "teams",
            "sharepoint-online-onedrive-for-business-dependency",
        )]);
    }

    #[test]
    fn latin_american_spanish_is_read() {
        assert_cases(&[("Licenciamiento nuevo de PBI Pro (200), todavía no platicamos con el cliente; llamada de arranque el 12/12.", "power-bi", "status-unknown", "new-subscription-or-workload")]);
    }

    #[test]
    fn frontline_devices_a_dependency_and_legal_refusals_find_their_reason() {
        assert_cases(&[
            ("StaffHub blockiert: Filialmitarbeiter haben weder Handy noch PC, gemeinsame Kiosk-Tablets werden geprüft", "staffhub", "blocked", "customer-it-infrastructure-remediation"),
            ("按政策收银员不能在门店 WiFi 上使用个人手机，所以无法用 StaffHub", "staffhub", "blocked", "customer-it-infrastructure-remediation"),
            ("Teams 日历需要 EXO，邮箱仍在本地 Exchange 2010，混合部署计划在3月", "teams", "blocked", "customer-it-infrastructure-remediation"),
            ("AADP CA done; Intune blocked: legal wont allow MDM on personal phones (GDPR), only MAM discussed", "intune", "blocked", "legal-regulatory"),
            ("AADP 条件访问已完成；Intune 受阻：法务不允许在个人手机上使用 MDM（GDPR），只讨论 MAM", "intune", "blocked", "legal-regulatory"),
        ]);
        assert_l3s(&[
            ("los cajeros no pueden usar sus móviles personales en el wifi de la tienda por política, así que no hay StaffHub", "staffhub", "company-doesnt-allow-staff-workers-to-use-personal-devices-on-company-network"),
            ("works council objects to telemetry in M365 Apps, rollout stopped until agreement", "officeproplus", "privacy"),
        ]);
    }

    #[test]
    fn a_deputy_who_does_not_answer_and_an_intent_not_given_are_silence() {
        assert_cases(&[
            ("IT lead on parental leave till Feb, deputy doesnt answer (3 mails), managed by ATU", "yammer", "status-unknown", "customer-unresponsive"),
            ("all 4 meetings since Sep cancelled last minute by customer, no intent given", "onedrive", "status-unknown", "customer-unresponsive"),
            ("el cliente canceló a última hora las 4 reuniones desde sept., sin indicar intención", "onedrive", "status-unknown", "customer-unresponsive"),
        ]);
    }

    #[test]
    fn rooms_fitted_out_licences_in_another_tenant_and_a_lockdown_find_their_reason() {
        assert_cases(&[
            // Rooms fitted out are work done, whatever hardware the note names.
            ("Teams Rooms: 25 de 60 salas equipadas, los usuarios aún reservan las salas Polycom antiguas, acompañamiento en enero", "teams", "in-progress", "solution-or-user-adoption"),
            ("SPO-Lizenzen liegen im Tenant der übernommenen Firma, müssen erst in den Haupttenant übertragen werden", "sharepoint", "blocked", "billing-licensing-subscription"),
        ]);
        assert_l3s(&[
            ("las licencias de SPO quedaron en el tenant de la empresa adquirida, hay que pasarlas al tenant principal antes de empezar", "sharepoint", "wrong-tenant"),
            ("el equipo de TI se dedicó al acceso remoto durante el confinamiento, la telefonía de Teams queda para después", "teams", "covid"),
        ]);
        let s = engine().suggest(
            "el equipo de TI se dedicó al acceso remoto durante el confinamiento, la telefonía de Teams queda para después",
            Service::resolve("teams"),
        );
        assert_eq!(s.grade.level, crate::grade::Level::Great);
    }

    #[test]
    fn mail_hosted_by_a_provider_and_infopath_forms_find_their_reason() {
        assert_cases(&[
            ("no intent, mail hosted at local IT provider on a contract thru 2028, GF wont break it", "exchange", "no-intent", "using-microsoft-on-premises-solution"),
            ("keine Absicht, Mail läuft beim lokalen IT-Dienstleister, Vertrag bis 2028, GF will nicht kündigen", "exchange", "no-intent", "using-microsoft-on-premises-solution"),
            ("SPO blocked: 40 InfoPath forms + custom workflows in SP2010 have no replacement yet, PowerApps rebuild not budgeted", "sharepoint", "blocked", "app-compatibility"),
        ]);
    }

    #[test]
    fn yammer_given_up_for_teams_channels_and_a_vendor_supporting_windows_7_only_are_read() {
        assert_cases(&[
            ("Yammer off the table, they're putting all comms into Teams channels instead", "yammer", "no-intent", "executive-sponsorship"),
            ("Yammer 不考虑了，所有沟通都改用 Teams 频道", "yammer", "no-intent", "executive-sponsorship"),
            ("PBI no va a cuajar: finanzas está contento con sus informes de Excel, nadie ve motivo para cambiar", "power-bi", "no-intent", "executive-sponsorship"),
            ("Win10 rollout halted at 300 devices: the warehouse management client crashes on 64-bit Windows 10 and the vendor only supports it on Windows 7. A certified version is promised for Q2; until then the 900 warehouse PCs stay on Windows 7 with ESU.", "windows-10", "blocked", "app-compatibility"),
            ("AADP coming along", "aadp", "in-progress", "technical-onboarding-deployment"),
        ]);
    }

    #[test]
    fn a_licence_count_doubled_by_an_order_error_is_a_duplicate() {
        for note in [
            "Licence count doubled by a CSP re-order error; real count is 800, MS ticket to correct it.",
            "CSP 重复下单导致许可证数量翻倍；实际为 800，已向微软提工单更正。",
        ] {
            assert_eq!(top(note, "teams").0, "duplicate-invalid", "{note}");
        }
    }

    #[test]
    fn a_promise_to_get_back_is_silence_and_calls_cut_are_reliability() {
        assert_cases(&[
            ("Kunde sagt, er meldet sich.", "aadp", "status-unknown", "customer-unresponsive"),
            ("El cliente dice que nos contactará.", "aadp", "status-unknown", "customer-unresponsive"),
            ("El cliente dice que las llamadas de Teams se cortaron 3 veces en el all-hands del Q4 (ticket 2412050040012), despliegue en pausa hasta el RCA", "teams", "blocked", "service-reliability"),
        ]);
    }

    #[test]
    fn line_in_capitals_is_the_messenger_and_a_line_is_not() {
        assert_cases(&[
            ("No intent: staff use LINE for all chat with customers and each other, management sees no reason to switch", "teams", "no-intent", "using-competitive-solution"),
            ("無意向：員工與客戶及同事都用 LINE 聊天，管理層認為沒必要換", "teams", "no-intent", "using-competitive-solution"),
            ("Mailbox moves blocked: the office internet line is only 20 Mbps, upgrade to fibre ordered for February", "exchange", "blocked", "customer-it-infrastructure-remediation"),
        ]);
    }

    #[test]
    fn users_afraid_or_unwilling_are_readiness_and_no_savings_is_no_driver() {
        assert_cases(&[
            ("Bloqueado: el personal teme perder archivos tras una mala experiencia de sincronización en 2021, el equipo de cambio hará primero sesiones informativas", "onedrive", "blocked", "adoption-readiness"),
            ("受阻：业务分析师不愿离开 Excel，人力资源说新工具要先就培训时间达成约定", "power-bi", "blocked", "adoption-readiness"),
            ("Keine Absicht für Teams Phone: Vorstand sieht keine Einsparung gegenüber der bezahlten Telefonanlage", "teams", "no-intent", "executive-sponsorship"),
        ]);
    }

    #[test]
    fn a_status_no_longer_held_is_no_heading() {
        assert_cases(&[
            ("No longer in progress: legal paused the launch until the works agreement on employee posts is signed (draft since Nov).", "yammer", "blocked", "legal-regulatory"),
            ("Nicht mehr in Bearbeitung: Die Rechtsabteilung hat den Start angehalten, bis die Betriebsvereinbarung zu Mitarbeiterbeiträgen unterschrieben ist (Entwurf seit Nov.).", "yammer", "blocked", "legal-regulatory"),
            ("不再进行中：法务暂停了上线，直到关于员工发帖的协议签署（草案自11月起）。", "yammer", "blocked", "legal-regulatory"),
        ]);
    }

    #[test]
    fn sending_limits_are_the_products_whatever_is_sent() {
        assert_cases(&[
            ("EXO bloqueado: envían 50.000 correos de facturas al día desde un buzón, los límites de envío lo impiden", "exchange", "blocked", "product-feature-capability"),
            ("EXO blocked: they send 50k mails/day from one mailbox for invoices, sending limits make that impossible", "exchange", "blocked", "product-feature-capability"),
        ]);
    }

    #[test]
    fn the_status_said_of_the_customer_wip_and_mail_an_outsourcer_hosts() {
        // Whom the status is said of, before it, leaves it the note's opening; "WIP"
        // opens the note as "In progress" would, though "it" reads as IT. Which reason is
        // the word model's guess: the status is what these notes say.
        for (note, l1) in [
            ("Customer has no intent at this time.", "no-intent"),
            ("El cliente no tiene intención por ahora.", "no-intent"),
            ("WIP, on it.", "in-progress"),
            ("WIP, läuft.", "in-progress"),
        ] {
            assert_eq!(top(note, "teams").0, l1, "{note}");
        }
        // Mail an outsourcer hosts under contract stays where it is (D232).
        assert_cases(&[
            ("Keine Absicht: Mail wird bei T-Systems gehostet, Outsourcing-Vertrag bis 2028.", "exo", "no-intent", "using-microsoft-on-premises-solution"),
            ("Sin intención: el correo lo aloja T-Systems con contrato de outsourcing hasta 2028.", "exo", "no-intent", "using-microsoft-on-premises-solution"),
        ]);
        assert_among_three(
            "无意向：邮件由 T-Systems 托管，外包合同到 2028 年。",
            "exo",
            "no-intent",
            "using-microsoft-on-premises-solution",
        );
    }

    #[test]
    fn a_freeze_a_process_to_rework_seats_grown_and_an_introduction_sent() {
        assert_cases(&[
            // A resumption to come does not end the freeze that holds the work (D233).
            ("SPO bloqueado por congelación de cambios de fin de año: sin cambios en producción del 1/12 al 15/01, las olas de migración se reanudan el 20/01.", "sharepoint", "blocked", "it-change-management-resourcing"),
            ("EXO blockiert: IT muss zuerst den Postfach-Provisionierungsprozess umbauen (Skripte schreiben in lokale AD-Attribute), Neugestaltung in Q1 geplant.", "exo", "blocked", "it-change-management-resourcing"),
            ("EXO bloqueado: TI tiene que rehacer primero su proceso de aprovisionamiento de buzones (los scripts escriben atributos del AD local), rediseño previsto en T1.", "exo", "blocked", "it-change-management-resourcing"),
            // Seats grown at a renewal with the intent not yet learnt are new, not billing.
            ("Lizenzen nach der Verlängerung von 300 auf 1.800 gestiegen (Upgrade auf E5), Absicht für die neuen Nutzer noch nicht erfragt.", "teams", "status-unknown", "new-subscription-or-workload"),
            ("Los puestos pasaron de 300 a 1.800 tras la renovación (upgrade a E5), aún no se ha recogido la intención para los nuevos usuarios.", "teams", "status-unknown", "new-subscription-or-workload"),
            ("Sent intro email.", "teams", "status-unknown", "new-subscription-or-workload"),
            ("Problema con el partner.", "teams", "blocked", "partner-engagement"),
        ]);
        // A resumption said done still ends it.
        assert_top(
            "Migración SPO: se reanudó tras la congelación de cambios, 40 % de los sitios movidos.",
            "sharepoint",
            "in-progress",
            Some("migration"),
        );
    }

    #[test]
    fn a_change_board_named_by_its_acronym_in_any_language() {
        assert_cases(&[
            ("EXO 受阻：CAB 两次驳回 MX 切换的 RFC（没有回滚方案），1 月 15 日带 DR 方案重新提交。", "exo", "blocked", "it-change-management-resourcing"),
            ("EXO blkd: CAB rejected RFC for MX cutover twice (no rollback plan), resubmit w/ DR plan 15 Jan.", "exo", "blocked", "it-change-management-resourcing"),
        ]);
    }

    #[test]
    fn the_rest_still_missing_beside_a_share_done_is_work_under_way() {
        assert_cases(&[
            ("Handy-Registrierung: 300 von 500 erledigt, es fehlen die Geräte im Werk Monterrey (Feb.).", "intune", "in-progress", "technical-onboarding-deployment"),
            ("Enrolamiento de celulares: 300 de 500 listos, faltan los de la planta de Monterrey (feb.).", "intune", "in-progress", "technical-onboarding-deployment"),
        ]);
        assert!(counts_a_share("300 von 500 erledigt"));
        assert!(counts_a_share("1.800/2.500 geräte"));
        assert!(!counts_a_share("win10 22h2 rollout"));
        assert!(!counts_a_share("teams/sharepoint"));
    }

    #[test]
    fn a_stamp_says_nothing_and_a_partner_in_a_compound_is_the_partner() {
        assert_cases(&[
            ("Update 04.12.: Blockiert, der Migrationspartner hat seit 5.11. auf 3 Mails nicht geantwortet; ATU informiert.", "exo", "blocked", "partner-engagement"),
            ("JM 03/12 - home drives: 2,400/3,000 users migrated to OD, last wave (plants) 15 Jan.", "onedrive", "in-progress", "migration"),
        ]);
        for note in [
            "[JM 02/12] no answer",
            "[JM 02.12.] keine Antwort",
            "[JM 02/12] sin respuesta",
            "[JM 12/02] 没回复",
        ] {
            assert_eq!(
                engine()
                    .suggest(note, Service::resolve("teams"))
                    .grade
                    .level,
                Level::Poor,
                "{note}"
            );
        }
    }

    #[test]
    fn verbs_of_stopping_a_busy_customer_and_topics_find_their_reason() {
        assert_cases(&[
            ("KFM frenado: la plantilla se resiste a pasar su escritorio a la nube tras un rumor de que RR. HH. lee los archivos; campaña de comunicación en enero.", "onedrive", "blocked", "adoption-readiness"),
            ("Atascado, el cliente está ocupado.", "intune", "blocked", "it-change-management-resourcing"),
            ("卡住了，客户很忙。", "intune", "blocked", "it-change-management-resourcing"),
            ("Bloqueado, tema de licencias.", "intune", "blocked", "billing-licensing-subscription"),
        ]);
        // "won't allow" is a refusal, not the managed browser's L3 (D236).
        let (_, _, l3) = top(
            "GDPR topic: DPO won't allow location data from BYOD phones, needs proof Intune doesn't collect it.",
            "intune",
        );
        assert!(
            !l3.as_deref()
                .is_some_and(|l3| l3.contains("managed-browser")),
            "{l3:?}"
        );
    }

    #[test]
    fn another_services_news_in_a_clause_of_its_own_is_not_the_rows() {
        assert_cases(&[
            ("OneDrive KFM paused for a security review; EXO migration goes on: 1,500/2,000 mailboxes moved.", "exo", "in-progress", "migration"),
            ("OneDrive KFM 因安全审查暂停；EXO 迁移继续：已迁 1500/2000 个邮箱。", "exo", "in-progress", "migration"),
            // The other service as what the customer keeps, or as a condition, stays read.
            ("Skype for Business Server 2019 was just refreshed on new hardware; they see no reason to move to Teams.", "teams", "no-intent", "using-microsoft-on-premises-solution"),
            ("Creative teams stay on Dropbox (large video files, Smart Sync); no OneDrive rollout planned for them.", "onedrive", "no-intent", "using-competitive-solution"),
        ]);
        let e = engine();
        let exo = Service::resolve("exo");
        assert_eq!(
            e.focus(
                "OneDrive KFM paused for a security review; EXO migration goes on.",
                exo
            ),
            "EXO migration goes on."
        );
        assert_eq!(
            e.focus("Teams must be live first; EXO waits.", exo),
            "Teams must be live first; EXO waits."
        );
        // Without the row's service named, nothing is left out.
        assert_eq!(
            e.focus("Teams live; migration goes on.", exo),
            "Teams live; migration goes on."
        );
    }

    #[test]
    fn an_archive_tool_and_work_not_planned_find_their_reason() {
        assert_cases(&[(
            "Blocked: their Enterprise Vault archive can't be moved by the migration tool they own, vendor fix in Q2.",
            "exo",
            "blocked",
            "app-compatibility",
        )]);
        // Work not planned is no intent, whichever reason the word model guesses.
        for note in [
            "Not planning Intune for now, maybe next year.",
            "De momento no planean Intune, quizá el año que viene.",
            "暂时不考虑 Intune，也许明年。",
        ] {
            assert_eq!(top(note, "intune").0, "no-intent", "{note}");
        }
    }

    #[test]
    fn an_expired_trial_cancelled_seats_and_a_test_tenant_are_duplicate_or_invalid() {
        for (note, service) in [
            ("Trial expired, the 25 seats drop off next month, nothing to track.", "power-bi"),
            ("Testversion abgelaufen, die 25 Plätze fallen nächsten Monat weg, nichts zu verfolgen.", "power-bi"),
            ("Tenant de desarrollo/pruebas del proyecto ERP, 50 puestos, sin buzones de producción.", "exo"),
            ("Seats cancelled via CSP on 30 Nov, the row should disappear.", "aadp"),
            ("席位已于 11 月 30 日通过 CSP 取消，该行应会消失。", "aadp"),
        ] {
            assert_eq!(top(note, service).0, "duplicate-invalid", "{note}");
        }
        // A demo to give is no demo tenant.
        for note in [
            "Demo programada para la semana que viene.",
            "演示安排在下周。",
        ] {
            assert_ne!(top(note, "power-bi").0, "duplicate-invalid", "{note}");
        }
        // Seats that sit in the wrong tenant block the work: they are no duplicate.
        assert_top(
            "Blocked: the Teams seats sit in the test tenant, the production tenant has none; move requested via CSP.",
            "teams",
            "blocked",
            Some("billing-licensing-subscription"),
        );
    }

    #[test]
    fn teams_waiting_for_sharepoint_is_a_dependency_not_a_migration() {
        // The SharePoint rollout the note tells of is what Teams' file sharing waits for:
        // Teams is blocked by its dependency (D241).
        assert_l3s(&[
            (
                "Chat works, but Teams file sharing waits until SPO is switched on; SharePoint rollout planned for April.",
                "teams",
                "sharepoint-online-onedrive-for-business-dependency",
            ),
            (
                "Dateiablage in Teams wartet auf SPO, das erst im April eingeführt wird.",
                "teams",
                "sharepoint-online-onedrive-for-business-dependency",
            ),
            (
                "Teams 文件共享要等 SPO 上线，SPO 计划 4 月推出。",
                "teams",
                "sharepoint-online-onedrive-for-business-dependency",
            ),
        ]);
    }

    #[test]
    fn competitors_named_by_their_products_names() {
        assert_l3s(&[
            (
                "Sales team keeps Nine Mail on Android, no plan to switch.",
                "exchange-outlook-mobile",
                "nine-on-android",
            ),
            (
                "Bleiben bei Nine auf den Android-Geräten, Security hat das freigegeben.",
                "exchange-outlook-mobile",
                "nine-on-android",
            ),
            (
                "Sin intención: PingFederate sigue como IdP, contrato hasta 2027.",
                "aadp",
                "ping-identity",
            ),
            (
                "门店电脑用 WPS Office，为了省授权费用。",
                "officeproplus",
                "wps-office",
            ),
        ]);
    }

    #[test]
    fn staff_is_told_from_the_english_adjective_personal() {
        // German and Spanish "Personal" is staff; English "personal files" is not (D241).
        assert_cases(&[
            (
                "Bloqueado: no hay personal de TI para el proyecto hasta marzo, dos bajas.",
                "sharepoint",
                "blocked",
                "it-change-management-resourcing",
            ),
            (
                "Blockiert: kein Personal für das Projekt bis März, zwei Kollegen ausgefallen.",
                "sharepoint",
                "blocked",
                "it-change-management-resourcing",
            ),
            (
                "El responsable está de baja hasta enero y su suplente no responde a los 3 correos.",
                "teams",
                "status-unknown",
                "customer-unresponsive",
            ),
            (
                "受阻：门店员工还没有接受 Yammer 培训，人力资源部在准备课程。",
                "yammer",
                "blocked",
                "adoption-readiness",
            ),
        ]);
        let long = "Recap of today: joined the steering committee with the CIO, two people from legal and the project lead. We went through the roadmap for OneDrive and Known Folder Move, the communication plan and the training for the first wave. Everything was fine until legal said the works council agreement for storing personal files in the cloud is not signed and nothing can start before it is. Blocked.";
        let (l1, l2, _) = top(long, "onedrive");
        assert_eq!(
            (l1.as_str(), l2.as_deref()),
            ("blocked", Some("legal-regulatory"))
        );
    }

    #[test]
    fn a_gap_the_service_has_by_name_outweighs_the_desktops_it_names() {
        // Office 2010 is a desktop to remediate in general; for Azure RMS the taxonomy
        // names it as the product's technical fit (D242).
        assert_l3s(&[(
            "Blocked: 60% of clients still run Office 2010, which can't open RMS-protected files with the new client.",
            "azrms",
            "technical-fit-using-office-2010-or-older",
        )]);
        assert_cases(&[
            (
                "Blocked: licences went to service accounts by mistake, only 200 real users have Apps; licence cleanup next week.",
                "officeproplus",
                "blocked",
                "billing-licensing-subscription",
            ),
            (
                "Blockiert: Lizenzen falsch zugewiesen (Dienstkonten), Lizenzbereinigung nächste Woche.",
                "officeproplus",
                "blocked",
                "billing-licensing-subscription",
            ),
        ]);
    }

    #[test]
    fn the_silence_is_the_partners_where_its_clause_says_so() {
        // The customer is named, but the clause that says no one answers is the
        // partner's (D242).
        assert_cases(&[
            (
                "The customer signed off the plan, but the partner hasn't answered our 2 mails since 3 Nov.",
                "sharepoint",
                "blocked",
                "partner-engagement",
            ),
            (
                "Der Kunde hat den Plan freigegeben, aber der Partner hat auf 2 Mails seit 3.11. nicht reagiert.",
                "sharepoint",
                "blocked",
                "partner-engagement",
            ),
            (
                "El cliente aprobó el plan, pero el partner no ha contestado a 2 correos desde el 3/11.",
                "sharepoint",
                "blocked",
                "partner-engagement",
            ),
            (
                "Partner dropped the ball, no show at the workshop.",
                "intune",
                "blocked",
                "partner-engagement",
            ),
            // The partner tries with the FM: the silence is the customer's.
            (
                "RFA filed by the partner; 3 attempts by the FM and the partner, the customer never confirmed.",
                "sharepoint",
                "status-unknown",
                "customer-unresponsive",
            ),
            (
                "Partner has tried the customer 4 times since October, customer doesn't answer.",
                "exchange",
                "status-unknown",
                "customer-unresponsive",
            ),
        ]);
    }

    #[test]
    fn a_status_shortened_in_capitals_opens_the_note() {
        // "IP", "NI" and "SU" before a separator are the FM's status (D243); "IP-Adresse"
        // is an address.
        // Without a reason, only the L1 is the note's.
        for (note, l1) in [
            ("IP, on track", "in-progress"),
            ("El cliente dijo «no nos interesa».", "no-intent"),
            // The whole note (D254).
            ("SU", "status-unknown"),
            ("NI.", "no-intent"),
            ("IP", "in-progress"),
        ] {
            assert_eq!(top(note, "intune").0, l1, "{note}");
        }
        assert_cases(&[
            ("NI: they stay on Jamf for all Macs", "intune", "no-intent", "using-competitive-solution"),
            ("SU, no reply since October", "intune", "status-unknown", "customer-unresponsive"),
            (
                "IP-Adresse der Zentrale wird vom Proxy blockiert, Netzteam ändert die Regel im Januar.",
                "teams",
                "blocked",
                "customer-it-infrastructure-remediation",
            ),
        ]);
    }

    #[test]
    fn telemetry_and_connected_experiences_are_the_apps_privacy_whoever_objects() {
        // The telemetry level named "Security" is no security concern; a works council's
        // objection to connected experiences is Microsoft 365 Apps' own privacy L3 (D243).
        assert_l3s(&[
            (
                "Blocked: privacy officer wants Windows telemetry at Security level before any upgrade.",
                "windows-10",
                "privacy",
            ),
            ("受阻：数据保护官要求先把 Windows 遥测设为安全级别再升级。", "windows-10", "privacy"),
            (
                "Blocked: the works council wants connected experiences off until they have checked what data goes to Microsoft.",
                "officeproplus",
                "privacy",
            ),
        ]);
    }

    #[test]
    fn a_templates_fields_and_the_german_names_as_fms_write_them() {
        // "Status: Blocked" says the L1; a field left unfilled says nothing, so the note
        // is a bare status (D244).
        for note in [
            "Status: Blocked\nReason: TBD",
            "Estado: Bloqueado | Motivo: por definir | Siguiente paso: por definir",
            "状态：受阻\n原因：待定",
        ] {
            let s = engine().suggest(note, Service::resolve("teams"));
            assert_eq!(s.proposals[0].l1, L1::Blocked, "{note}");
            assert_eq!(s.grade.level, crate::grade::Level::Poor, "{note}");
        }
        assert_eq!(
            top(
                "Keine Absicht bis nach der Fusion, vielleicht im Herbst.",
                "teams"
            )
            .0,
            "no-intent"
        );
        // An intent not learnt is no intent said.
        assert_cases(&[
            (
                "Keine Absicht zu Teams zu erfahren, 3 Mails ohne Antwort seit Oktober.",
                "teams",
                "status-unknown",
                "customer-unresponsive",
            ),
            (
                "Field staff stay on Slack, IT won't force Teams.",
                "teams",
                "no-intent",
                "using-competitive-solution",
            ),
            (
                "Se quedan en Skype for Business Server hasta 2026, no despliegan Teams.",
                "teams",
                "no-intent",
                "using-microsoft-on-premises-solution",
            ),
        ]);
        // Taiwan's words for security and network, after the characters are simplified.
        assert_l3s(&[
            (
                "受阻：資安部門要求先完成外部存取的資安審查。",
                "teams",
                "security",
            ),
            (
                "受阻：分公司網路頻寬不足，ISP 3 月升級。",
                "teams",
                "network",
            ),
        ]);
    }

    #[test]
    fn a_competitor_left_with_work_done_is_a_migration() {
        // The competitor named is what the migration leaves (D245).
        assert_cases(&[
            (
                "Slack is being retired: 2,000 of 3,500 users moved to Teams, Slack read-only from May.",
                "teams",
                "in-progress",
                "migration",
            ),
            (
                "Ausstieg aus Slack: 2.000 von 3.500 Usern zu Teams umgezogen, Slack ab Mai nur lesbar.",
                "teams",
                "in-progress",
                "migration",
            ),
            (
                "Dejan de usar Slack: 2.000 de 3.500 usuarios ya en Teams, Slack en solo lectura desde mayo.",
                "teams",
                "in-progress",
                "migration",
            ),
            (
                "正在淘汰 Slack：3500 名用户已有 2000 名迁到 Teams，5 月起 Slack 只读。",
                "teams",
                "in-progress",
                "migration",
            ),
            (
                "Pasando de Tableau a Power BI: 20 de 50 informes rehechos, las licencias de Tableau terminan en junio.",
                "power-bi",
                "in-progress",
                "migration",
            ),
            (
                "从 Tableau 迁到 Power BI：50 个报表已重建 20 个，Tableau 授权 6 月到期。",
                "power-bi",
                "in-progress",
                "migration",
            ),
            // Not left, or a contract's end with nothing moved: the competitor is kept.
            (
                "Not leaving Slack: Teams evaluated, engineering voted to stay, 3-year renewal signed.",
                "teams",
                "no-intent",
                "using-competitive-solution",
            ),
            (
                "Slack contract ends in 2027, 3,500 users on it, no plan to move.",
                "teams",
                "no-intent",
                "using-competitive-solution",
            ),
        ]);
    }

    #[test]
    fn an_l2_with_one_l3_proposes_it_and_typed_slips_keep_their_l3() {
        // Legal/Regulatory has one L3, Legal: it is proposed with the L2 (D248).
        assert_l3s(&[
            (
                "Blocked: works councel has not approved MDM on personal phones, hearing set for 10 March",
                "intune",
                "legal",
            ),
            (
                "受阻：职工委员会未批注个人手机上的MDM，3月10日听证",
                "intune",
                "legal",
            ),
            (
                "受阻 - 合作伙伴自启动会后一直没回复，已催4次，FM请PDM重新分配",
                "power-bi",
                "partner-unresponsive",
            ),
            (
                "无意向 - 继续用Dropbx Business，续了3年，不打算迁移",
                "onedrive",
                "dropbox-business",
            ),
        ]);
        assert_eq!(
            top("Blocked - service outages every week", "teams")
                .2
                .as_deref(),
            Some("other")
        );
        // An L2 whose L3s for the service are several proposes none without a cue; for
        // Teams, Adoption/Readiness has Other alone (D281).
        assert_eq!(
            top(
                "Blocked - users not ready, no training plan yet",
                "officeproplus"
            )
            .2,
            None
        );
        assert_eq!(
            top("Blocked - users not ready, no training plan yet", "teams")
                .2
                .as_deref(),
            Some("other")
        );
    }

    #[test]
    fn the_playbooks_definitions_in_an_fms_words_find_their_status() {
        // Data still to migrate after the service is enabled is the migration, however the
        // need is said ("needs to", "tiene que"), D249.
        assert_cases(&[
            ("Customer has successfully enabled their service(s) and customer needs to migrate data.", "exchange", "in-progress", "migration"),
            ("Servicio habilitado y utilizable; ahora el cliente tiene que migrar sus datos (3.500 buzones desde Exchange 2013), primera ola en marzo", "exchange", "in-progress", "migration"),
            ("Dienst aktiviert und nutzbar; Kunde muss jetzt seine Daten migrieren (3.500 Postfächer von Exchange 2013), erste Welle im März", "exchange", "in-progress", "migration"),
            ("服务已启用可用；客户现在需要迁移数据（3500个Exchange 2013邮箱），第一批3月", "exchange", "in-progress", "migration"),
            // Hands too few in Chinese ("人手") are IT's resourcing, whoever may help.
            ("受阻 - 客户现有人手无法推进Teams部署（2个管理员管6000用户），合作伙伴支援的SOW在审", "teams", "blocked", "it-change-management-resourcing"),
        ]);
        assert_l3s(&[
            ("No intent - customer won't deprecate the on-prem Exchange estate they just refreshed (new DAG, 2022 hardware); revisit at hardware end of life 2029", "exchange", "commitment-to-on-premises-investment-or-third-party"),
            ("Sin intención - E3 comprado solo por los derechos de SharePoint Server local (uso dual), sin plan de pasar a SPO", "sharepoint", "purchased-o365-licenses-but-using-on-premises-right"),
            ("Sin intención - no hay motivo de negocio claro para Yammer; la dirección no ve caso más allá de Teams", "yammer", "no-clear-business-drivers"),
        ]);
    }

    #[test]
    fn the_playbooks_reliability_doubts_are_service_reliability_in_every_language() {
        // The playbook's examples: on-prem thought more reliable, EOP's spam filtering
        // doubted, bugs pushed to users by updates (D250).
        assert_cases(&[
            ("Bloqueado - el CIO cree que Exchange local es más fiable que EXO; compartimos el historial de SLA del 99,9 %, decisión en el comité de febrero", "exchange", "blocked", "service-reliability"),
            ("Bloqueado - el equipo de seguridad duda de que el filtrado de spam de EOP sea tan bueno como su gateway actual; piloto de EOP de 4 semanas con 200 buzones iniciado", "exchange", "blocked", "service-reliability"),
            ("Blocked - IT fears monthly updates push bugs to users, after a bad Outlook build in Oct; moving to semi-annual channel proposal on 5 Jan", "officeproplus", "blocked", "service-reliability"),
            ("Bloqueado - TI teme que las actualizaciones mensuales lleven errores a los usuarios tras una compilación mala de Outlook en octubre; propuesta de canal semestral el 5 de enero", "officeproplus", "blocked", "service-reliability"),
            // Control kept is No Intent's own L3, not a doubt of the service.
            ("No intent - customer wants full control of their mail servers and keeps Exchange 2019 on-prem by policy; no EXO plans", "exchange", "no-intent", "using-microsoft-on-premises-solution"),
        ]);
        assert_l3s(&[
            ("Blockiert - Latenztests aus den Asien-Standorten zeigen, dass Outlook zu langsam wäre; lokaler Breakout wird eingerichtet, neuer Test im Februar", "exchange", "network"),
            ("No intent - mail is hosted by a local provider under a 5-year contract to 2028, customer won't leave it early", "exchange", "commitment-to-on-premises-investment-or-third-party"),
        ]);
    }

    #[test]
    fn in_progress_told_by_its_stage_finds_its_l2() {
        assert_cases(&[
            // The playbook's Technical Onboarding: intent to deploy with a partner, other
            // services first; the partner is the help, not the block (D251).
            ("Customer intends to deploy Teams with their FastTrack partner, but will do Exchange first; Teams work starts after the EXO cutover in April.", "teams", "in-progress", "technical-onboarding-deployment"),
            ("客户打算与FastTrack合作伙伴部署Teams，但先做Exchange；4月EXO切换后开始Teams。", "teams", "in-progress", "technical-onboarding-deployment"),
            // A migration closed is past: the work now is adoption.
            ("Todos los buzones en EXO desde octubre, migración cerrada; ahora impulsando Outlook móvil y buzones compartidos, uso activo del 64 % y subiendo.", "exchange", "in-progress", "solution-or-user-adoption"),
            // No data to migrate is the playbook's adoption, not a need.
            ("Customer has successfully enabled OneDrive; no data migration is required and active usage is 7%. Adoption plan with champions starts 15 Jan.", "onedrive", "in-progress", "solution-or-user-adoption"),
            ("Dienst aktiviert, keine Datenmigration nötig, aktive Nutzung unter 10 %.", "exchange", "in-progress", "solution-or-user-adoption"),
            // A share of the migration done is still the migration.
            ("Migration done for the HR and Finance sites (400 GB), Sales next month", "sharepoint", "in-progress", "migration"),
        ]);
    }

    #[test]
    fn no_intents_lines_fall_where_the_playbook_draws_them() {
        assert_cases(&[
            // ROI thought better on-prem is a business case not made (D252).
            ("NI - CFO sieht den ROI besser, wenn Exchange on-prem bleibt; Business Case für EXO wird im Q2 mit dem CSAM erneut vorgestellt", "exchange", "no-intent", "executive-sponsorship"),
            ("NI - CFO believes ROI is better keeping Exchange on-prem; business case for EXO to be re-presented to the CFO in Q2 with the CSAM", "exchange", "no-intent", "executive-sponsorship"),
            // ROI better with a competitor is the competitor.
            ("NI - customer says ROI is better with Slack than Teams; 2,400 Slack seats renewed to 2027", "teams", "no-intent", "using-competitive-solution"),
            // A suite bought for other services, nobody asking for this one.
            ("无意向 - 买E3只为Exchange和SharePoint；不打算用Skype for Business，没人提需求", "sfb", "no-intent", "executive-sponsorship"),
            // Exchange at a third party is Microsoft's product kept, not a competitor.
            ("NI - Exchange läuft bei einem Drittanbieter (Rackspace) mit Vertrag bis 2027; kein Wechsel zu EXO vor Vertragsende", "exchange", "no-intent", "using-microsoft-on-premises-solution"),
            ("无意向 - Exchange由第三方（Rackspace）托管，合同到2027年；到期前不迁EXO", "exchange", "no-intent", "using-microsoft-on-premises-solution"),
            // Data offsite feared is the security concern, however the interest is said.
            ("Derzeit kein Interesse - Risikoabteilung sorgt sich um Daten außer Haus; Sicherheitsreview zur SPO-Datenresidenz mit dem CISO am 22.01.", "sharepoint", "blocked", "security-privacy-non-product-feature"),
        ]);
    }

    #[test]
    fn a_staff_bodys_objection_to_telemetry_is_the_services_privacy() {
        // Staff representatives and the works council object; what they object to is the
        // privacy only Windows 10 and the Apps have (D253).
        for note in [
            "Blkd - staff reps object to Win10 telemetry; diag data set to Required, DPIA to works council 12/10",
            "Blkd - Personalvertretung lehnt Win10-Telemetrie ab; Diagnosedaten auf Erforderlich, DSFA an Betriebsrat am 10.12.",
            "Bloq. - representantes del personal rechazan la telemetría de Win10; datos de diagnóstico en Obligatorio, EIPD al comité el 10/12",
            "受阻 - 员工代表反对Win10遥测；诊断数据已设为必需，12/10向职工委员会提交DPIA",
        ] {
            let s = engine().suggest(note, Service::resolve("windows-10"));
            let p = &s.proposals[0];
            assert_eq!(p.l2.map(|x| x.code()), Some("adoption-readiness"), "{note}");
            assert_eq!(p.l3.map(|x| x.code()), Some("privacy"), "{note}");
            assert_eq!(s.grade.level, Level::Great, "{note}");
        }
        // Elsewhere the works council is the law's.
        assert_top(
            "Blocked: works council has not approved MDM on personal phones, hearing set for 10 March",
            "intune",
            "blocked",
            Some("legal-regulatory"),
        );
        // What the product itself cannot do is the reason, without a phrase of the class.
        let s = engine().suggest(
            "Blockiert - PBI kann kein RLS auf SSAS-Cubes live.",
            Service::resolve("power-bi"),
        );
        assert_eq!(s.grade.level, Level::Great);
    }

    #[test]
    fn a_running_log_says_its_newest_status() {
        // D255.
        assert_cases(&[
            ("10/14: blocked by proxy (media ports). 11/20: proxy rules changed, pilot with 200 users live, rollout to 3,000 planned for Jan.", "teams", "in-progress", "technical-onboarding-deployment"),
            ("Sept.: Migration läuft, 800 Postfächer verschoben. Nov.: gestoppt - AD-Connect-Sync-Fehler bei 1.200 Konten, AD-Team behebt, Neustart geplant 15.01.", "exchange", "blocked", "customer-it-infrastructure-remediation"),
            ("12/01更新：Box续约（3年）后客户确认SPO无意向。之前：状态未知，8月起无联系。", "sharepoint", "no-intent", "using-competitive-solution"),
            ("[JD 02.12.] CISO hat das BYOD-Konzept freigegeben, Registrierung von 400 Firmen-iPhones gestartet. [JD 15.10.] Blockiert bis CISO-Review.", "intune", "in-progress", "technical-onboarding-deployment"),
            ("Was NI (Lotus Notes kept). 11/2026: new CIO decided to move; 600 of 4,000 mailboxes migrated from Notes, next wave 12/15.", "exchange", "in-progress", "migration"),
        ]);
    }

    #[test]
    fn a_category_ruled_out_leaves_the_one_the_note_gives() {
        // "Not a product gap" names the gap only to rule it out (D258).
        assert_cases(&[
            (
                "Not a product gap – CA does everything they need. IT has one admin for all of identity and he's on the SAP project until Feb.",
                "aadp",
                "blocked",
                "it-change-management-resourcing",
            ),
            (
                "Kein Lizenzthema – Lizenzen sind zugewiesen. Blocker ist Exchange 2010 on-prem, muss vor Hybrid auf 2016 gehoben werden.",
                "exo",
                "blocked",
                "customer-it-infrastructure-remediation",
            ),
            (
                "No hay competidor. Seguridad de la información rechaza el enrolamiento BYOD hasta terminar su propia revisión de privacidad de dispositivos (T1).",
                "intune",
                "blocked",
                "security-privacy-non-product-feature",
            ),
        ]);
    }

    #[test]
    fn chasing_the_customer_and_a_status_shortened_before_a_full_stop_are_status_unknown() {
        // "SU." opens the note as "SU:" does; a reminder sent again is the customer's
        // silence, whatever the note asks (D258).
        assert_cases(&[
            (
                "SU. Hake nach.",
                "exo",
                "status-unknown",
                "customer-unresponsive",
            ),
            (
                "Any news? Pinged again.",
                "exo",
                "status-unknown",
                "customer-unresponsive",
            ),
            (
                "¿Novedades? Escribí otra vez.",
                "exo",
                "status-unknown",
                "customer-unresponsive",
            ),
            (
                "有消息吗？又催了一次。",
                "exo",
                "status-unknown",
                "customer-unresponsive",
            ),
        ]);
    }

    #[test]
    fn chinese_typed_without_punctuation_loses_only_the_part_a_phrase_dismisses() {
        // "没有问题" at the end of a note whose clauses are cut by spaces drops that part,
        // not the migration before it (D258).
        assert_cases(&[(
            "从本地skype迁移到teams 8个站点完成3个 其余3月前 没有问题",
            "teams",
            "in-progress",
            "migration",
        )]);
    }

    #[test]
    fn a_browser_left_to_the_users_is_sponsorship_though_two_competitors_are_named() {
        assert_cases(&[
            (
                "¿Navegador estándar? TI no impone ninguno: los usuarios usan Chrome o Firefox, no hay plan de estandarizar en Edge.",
                "edge",
                "no-intent",
                "executive-sponsorship",
            ),
            (
                "标准浏览器？IT不做统一——用户自己选Chrome或Firefox，没有统一到Edge的计划。",
                "edge",
                "no-intent",
                "executive-sponsorship",
            ),
        ]);
        assert_l3s(&[(
            "Standardbrowser? Die IT gibt keinen vor – User nehmen Chrome oder Firefox, keine Pläne, auf Edge zu standardisieren.",
            "edge",
            "it-not-enforcing-standardizing-on-any-internet-browser",
        )]);
    }

    #[test]
    fn what_the_customer_said_is_read_for_what_was_said() {
        // The verb that reports speech is no evidence of a status: "El cliente dijo «no
        // nos interesa»" is the customer's no, not its silence (D259).
        for note in [
            "Customer said no.",
            "Kunde sagte nein.",
            "El cliente dijo que no.",
            "El cliente dijo «no nos interesa».",
        ] {
            assert_eq!(top(note, "teams").0, "no-intent", "{note}");
        }
        assert_cases(&[
            ("客户说IT太忙了。", "teams", "blocked", "it-change-management-resourcing"),
            (
                "CISO said no BYOD enrolment until a mobile threat defense product is chosen; evaluation ends in March.",
                "intune",
                "blocked",
                "security-privacy-non-product-feature",
            ),
        ]);
    }

    #[test]
    fn a_mails_courtesies_are_no_evidence_of_a_status() {
        // "Os mantengo informados" and "Gracias" say nothing of the block (D260).
        assert_cases(&[
            (
                "Hola, Teams está bloqueado por legal. Os mantengo informados. Gracias",
                "teams",
                "blocked",
                "legal-regulatory",
            ),
            (
                "Hi, call with customer next week, will update after. Thanks",
                "exo",
                "in-progress",
                "technical-onboarding-deployment",
            ),
        ]);
    }

    #[test]
    fn licences_and_plans_named_find_their_l3() {
        // D261.
        assert_cases(&[
            (
                "PBI Pro kam mit E5, aber niemand hat danach gefragt; BI bleibt auf SSRS on-prem, keine Pläne für den Clouddienst.",
                "pbi",
                "no-intent",
                "using-microsoft-on-premises-solution",
            ),
            (
                "Lizenzen korrigiert (E3 jetzt bei allen 3.000 Usern); Hybrid konfiguriert, die ersten 200 Postfächer ziehen nächste Woche um.",
                "exo",
                "in-progress",
                "migration",
            ),
        ]);
        assert_l3s(&[
            (
                "PBI Pro vino con E5 pero nadie lo pidió; BI sigue en SSRS local, sin planes de usar el servicio en la nube.",
                "pbi",
                "purchased-as-part-of-a-larger-suite",
            ),
            ("许可在错误的租户上。", "exo", "wrong-tenant"),
            (
                "Nur 500 EMS E3 für 2.300 Geräte; Kunde muss vor Welle 2 weitere 1.800 Lizenzen kaufen, Bestellung in Freigabe.",
                "intune",
                "addition-of-seats",
            ),
        ]);
    }

    #[test]
    fn no_news_of_the_customer_is_status_unknown() {
        // D262. The English "No news." still reads as No Intent: the word model weighs
        // "news" there.
        for note in ["Nichts Neues.", "Sin novedad.", "没有消息。"] {
            assert_eq!(top(note, "exo").0, "status-unknown", "{note}");
        }
    }

    #[test]
    fn users_moved_to_teams_only_and_a_second_row_of_a_tenant_find_their_status() {
        // D263.
        assert_cases(&[
            (
                "Moving 900 Skype users to Teams-only in 3 waves; wave 1 (300) done, wave 2 on 01/12.",
                "teams",
                "in-progress",
                "migration",
            ),
            (
                "Second row for the same tenant after the CSP-to-EA switch; seats counted under the EA row.",
                "exo",
                "duplicate-invalid",
                "",
            ),
        ]);
        let note = "Second row for the same tenant after the CSP-to-EA switch; seats counted under the EA row.";
        let s = engine().suggest(note, Service::resolve("exo"));
        assert_eq!(s.grade.level, grade::Level::Great, "{note}");
    }

    #[test]
    fn a_freeze_or_a_peak_season_of_the_customer_is_change_management() {
        // D264.
        assert_cases(&[
            (
                "Retail peak season: no IT changes in stores until after the January sales, Teams rollout to 120 stores starts Feb.",
                "teams",
                "blocked",
                "it-change-management-resourcing",
            ),
            (
                "Weihnachtsgeschäft: keine IT-Änderungen in den Filialen bis nach dem Januar-Sale, Teams-Rollout in 120 Filialen ab Feb.",
                "teams",
                "blocked",
                "it-change-management-resourcing",
            ),
            (
                "Win11-Upgrade während der ERP-Umstellung (Feb.–Apr.) eingefroren; die IT fasst die Clients erst an, wenn die Umstellung stabil läuft.",
                "windows-10",
                "blocked",
                "it-change-management-resourcing",
            ),
            (
                "OneDrive seats came with the Jan renewal (4,000); the customer's fiscal planning in Feb decides if KFM is in this year's plan.",
                "onedrive",
                "status-unknown",
                "new-subscription-or-workload",
            ),
        ]);
    }

    #[test]
    fn a_partner_that_ignores_the_customers_requests_is_the_silent_one() {
        // The customer named as the one who asks is not the silent one (D265).
        assert_cases(&[
            (
                "CSP-Partner hat die Tenant-Adminrechte und hat seit Okt. auf 4 Anfragen des Kunden zur Hybrid-Freischaltung nicht reagiert.",
                "exo",
                "blocked",
                "partner-engagement",
            ),
            (
                "El partner CSP tiene el admin del tenant y no ha respondido a 4 solicitudes del cliente para habilitar el híbrido desde octubre.",
                "exo",
                "blocked",
                "partner-engagement",
            ),
            (
                "客户需要在不部署NPS服务器的情况下为RADIUS VPN做MFA；AAD原生不支持RADIUS，受阻。",
                "aadp",
                "blocked",
                "product-feature-capability",
            ),
        ]);
    }

    #[test]
    fn a_block_told_as_past_is_history_where_the_work_goes_on() {
        // The reason of the past block is no longer the reason (D266).
        for (note, service) in [
            (
                "Estuvo bloqueado por el comité de empresa hasta nov; acuerdo firmado, piloto de Teams con 300 usuarios en marcha.",
                "teams",
            ),
            ("之前因员工委员会卡住；协议已签，Teams试点300人进行中。", "teams"),
            (
                "Was blocked by legal until the DPA was signed; Teams pilot with 300 users underway.",
                "teams",
            ),
        ] {
            let (l1, l2, _) = top(note, service);
            assert_eq!(l1, "in-progress", "{note}");
            assert_ne!(l2.as_deref(), Some("legal-regulatory"), "{note}");
        }
        // Told as past, but nothing under way since: the block stands.
        assert_top(
            "Was blocked by legal in Nov; still waiting for the DPA review.",
            "teams",
            "blocked",
            Some("legal-regulatory"),
        );
        assert_top(
            "Estuvo bloqueado por el comité de empresa; sigue sin acuerdo.",
            "teams",
            "blocked",
            Some("legal-regulatory"),
        );
    }

    #[test]
    fn the_cases_of_sets_365_to_369_in_four_languages() {
        assert_cases(&[
            // A customer that ghosts is a silent one (D266).
            ("Kunde ghostet uns seit dem Workshop im Okt.", "mcas", "status-unknown", "customer-unresponsive"),
            ("El cliente nos hace ghosting desde el taller de oct.", "mcas", "status-unknown", "customer-unresponsive"),
            // Seats that arrived with a true-up are new (D266).
            ("Project Plan 5 licences arrived with the EA true-up; owner at the customer still to find.", "project-professional", "status-unknown", "new-subscription-or-workload"),
            // A tenant merged away, a row created twice: duplicate or invalid (D266).
            ("Tenant fusionado con el del grupo en sept.; aquí ya no queda nada.", "sharepoint", "duplicate-invalid", ""),
            ("Row created twice by the import of 11/02; the other row holds the seats.", "teams", "duplicate-invalid", ""),
            // Devices delivered are work under way (D266).
            ("Teams Rooms: 12 von 30 Räumen fertig, Geräte für den 3. Stock geliefert.", "teams", "in-progress", "technical-onboarding-deployment"),
        ]);
        assert_l3s(&[
            ("Neue Exchange-2019-Server im Okt. gekauft, bleiben bis 2030 on-prem.", "exchange", "commitment-to-on-premises-investment-or-third-party"),
            ("Workplace de Meta es la red social interna, Yammer no interesa.", "yammer", "facebook-workplace"),
            ("SDS blocked: their SIS cannot export the CSVs and they have neither Clever or PowerSchool.", "classroom-sds", "classroom-sds-the-customer-cannot-extract-sis-data-to-csvs-and-does-not-have-clever-or-powerschool-as-their-source-directory"),
            ("800 PCs below the Win10 HW specs (4 GB RAM), replacement from May.", "windows-10", "hardware"),
            ("NI – no business owner for Viva, HR and IT point at each other.", "teams", "no-bdm-sponsor-identified"),
        ]);
    }

    #[test]
    fn the_status_after_a_heading_of_service_names_opens_the_note() {
        assert_eq!(after_service_heading("EXO/SPO: NI – …"), Some(" NI – …"));
        assert_eq!(after_service_heading("OD4B：暂停"), Some("暂停"));
        // A heading that is not the service's name is no service heading.
        assert_eq!(after_service_heading("Legal: NI"), None);
        assert_eq!(after_service_heading("Kunde: NI"), None);
        assert_eq!(after_service_heading("No colon at all"), None);
        // The status after it decides the L1 as it does at the note's start (D267).
        assert_top(
            "Edge: NI, IE11 sigue como predeterminado para las apps web de SAP GUI hasta S/4 en 2027",
            "edge",
            "no-intent",
            Some("using-microsoft-on-premises-solution"),
        );
    }

    #[test]
    fn the_cases_of_sets_370_and_371_in_four_languages() {
        assert_cases(&[
            // The end of a competitor's contract is when to ask again where the note
            // declines (D267).
            ("Box stays for 80% of file sharing, no intent to migrate; revisit when the Box contract ends in 2028.", "onedrive", "no-intent", "using-competitive-solution"),
            ("Box bleibt für 80 % des Dateiaustauschs, keine Absicht zu migrieren; neu prüfen, wenn der Box-Vertrag 2028 endet.", "onedrive", "no-intent", "using-competitive-solution"),
            // A frozen budget is in the way of the work done so far (D267).
            ("剩余1500台电脑的更换已列入计划，但预算冻结到7月新财年。打包已完成，任务序列也测试过了。", "windows-10", "blocked", "it-change-management-resourcing"),
            ("Austausch der restlichen 1.500 PCs ist geplant, aber das Budget ist bis zum Geschäftsjahr im Juli eingefroren. Paketierung fertig, Task Sequence getestet.", "windows-10", "blocked", "it-change-management-resourcing"),
            // A team swamped, with no time for the work, lacks resources (D267).
            ("SOC团队被事件积压压垮，3月前没时间做MCAS策略。", "mcas", "blocked", "it-change-management-resourcing"),
            // Nobody has asked yet about seats of a new agreement (D267).
            ("Die Project-Lizenzen sind Teil des neuen Vertrags; beim Kunden hat noch niemand danach gefragt.", "project-professional", "status-unknown", "new-subscription-or-workload"),
        ]);
    }

    #[test]
    fn another_services_news_is_left_out_by_its_status_and_its_waiting() {
        // Another service's status after its name, and another service that waits, are
        // that service's news; the row's own work decides (D268).
        assert_cases(&[
            ("AADP live (CA + MFA for 4k users, PIM next). Intune NI, they stay on MobileIron.", "aadp", "in-progress", "technical-onboarding-deployment"),
            ("AADP已上线（4k用户CA+MFA，下一步PIM）。Intune NI，继续用MobileIron。", "aadp", "in-progress", "technical-onboarding-deployment"),
            ("OneDrive KFM done for 1,500 of 1,900 users, the rest in February. SPO file share migration waits for the new firewall.", "onedrive", "in-progress", "technical-onboarding-deployment"),
            ("OneDrive KFM für 1.500 von 1.900 Usern fertig, Rest im Februar. SPO-Fileshare-Migration wartet auf die neue Firewall.", "onedrive", "in-progress", "technical-onboarding-deployment"),
        ]);
        // A clause that only names another service inside Chinese text does not open with it.
        assert_top(
            "与供应商SfB Server的互通不支持群聊和屏幕共享；采购部门在此之前不会转到Teams。",
            "teams",
            "blocked",
            Some("product-feature-capability"),
        );
    }

    #[test]
    fn the_cases_of_set_374_in_the_partners_voice() {
        assert_cases(&[
            // The partner's own contract ending is the partner's engagement (D270).
            ("Customer wants AIP but our contract ends 01/31 and the renewal isn't decided; no work until the new PO.", "aip", "blocked", "partner-engagement"),
            // Assigned twice is a duplicate (D270).
            ("Nos asignaron dos veces (FRP y el CSP); la fila del CSP es la buena.", "teams", "duplicate-invalid", ""),
            ("We were assigned twice (FRP and CSP); keep the CSP row.", "teams", "duplicate-invalid", ""),
        ]);
    }

    #[test]
    fn the_cases_of_set_375_blocks_often_confused() {
        assert_cases(&[
            // A pen test asked first is security, whatever proxy it tests (D271).
            ("El SOC no permite el proxy de sesión hasta un pentest de la configuración (abril).", "mcas", "blocked", "security-privacy-non-product-feature"),
            ("SOC erlaubt den Session-Proxy erst nach einem Pentest (April).", "mcas", "blocked", "security-privacy-non-product-feature"),
        ]);
        assert_l3s(&[
            ("Der Vorstand traut US-Anbietern keine Konstruktionsdaten an; SPO für die Entwicklung auf Eis.", "sharepoint", "trust"),
            ("SOC在代理配置做完渗透测试之前不允许会话代理。", "mcas", "security"),
        ]);
    }

    #[test]
    fn the_cases_of_set_376_a_general_sample() {
        assert_cases(&[
            // Leaving a competitor said by where from and what is cut (D272).
            ("Weg von Webex: 1.800 von 2.500 Usern nutzen Teams-Besprechungen, Webex-Lizenzen im Juni auf 400 reduziert.", "teams", "in-progress", "migration"),
            ("Saliendo de Webex: 1.800 de 2.500 usuarios en reuniones de Teams, licencias reducidas a 400 en junio.", "teams", "in-progress", "migration"),
            ("正在替换Webex：2500名用户中1800人已用Teams开会，6月Webex许可减到400个。", "teams", "in-progress", "migration"),
            // No driver seen is no sponsorship, whatever compliance says (D272).
            ("Compliance sees no driver for DLP – no regulated data today.", "aip", "no-intent", "executive-sponsorship"),
        ]);
    }

    #[test]
    fn a_state_said_to_have_ended_is_no_cue_of_its_status() {
        // "不再失联", "no longer silent": the silence is over, the migration is the news
        // (D274).
        assert_cases(&[
            ("客户不再失联——新的IT负责人12月2日回复了，本周已开始迁移400个邮箱。", "exchange", "in-progress", "migration"),
            ("No longer silent – new IT lead replied on 02.12, migration of 400 mailboxes started this week.", "exchange", "in-progress", "migration"),
        ]);
        // "nicht mehr" said of the reply is the silence itself.
        assert_top(
            "Kunde meldet sich nicht mehr, 3 Mails seit Oktober.",
            "exchange",
            "status-unknown",
            Some("customer-unresponsive"),
        );
    }

    #[test]
    fn a_status_that_closes_the_note_alone_is_its_conclusion() {
        // After a meeting the word model reads as a silent customer's, the status said last
        // decides (D274).
        for note in [
            "Discussed in the QBR on 11/18 – no intent.",
            "Im QBR am 18.11. besprochen – keine Absicht.",
            "Tratado en la QBR del 18/11: sin intención.",
            "11月18日QBR上讨论过——无意向。",
        ] {
            assert_eq!(top(note, "yammer").0, "no-intent", "{note}");
        }
    }

    #[test]
    fn a_first_contact_not_made_before_is_a_new_subscription() {
        assert_cases(&[
            (
                "Intro call booked for 12/12 – new Intune licences, no contact before.",
                "intune",
                "status-unknown",
                "new-subscription-or-workload",
            ),
            (
                "Intro-Call für 12.12. gebucht – neue Intune-Lizenzen, vorher kein Kontakt.",
                "intune",
                "status-unknown",
                "new-subscription-or-workload",
            ),
            (
                "Sent the deck after the workshop, waiting for their reply.",
                "sharepoint",
                "status-unknown",
                "customer-unresponsive",
            ),
        ]);
    }

    #[test]
    fn the_cloud_run_in_china_is_no_gap_where_the_law_is_the_block() {
        // "世纪互联" beside what the group's legal requires is the way out, not the gap, as
        // "21Vianet" is in English (D275).
        assert_cases(&[
            ("集团法务要求数据必须留在境内，海外版Teams不能用，在评估世纪互联版本。", "teams", "blocked", "legal-regulatory"),
            ("Group legal requires data to stay in-country; global Teams can't be used, evaluating the 21Vianet version.", "teams", "blocked", "legal-regulatory"),
            ("3 of the 5 old intranet sites are on SPO now, the other 2 in January, all good.", "sharepoint", "in-progress", "migration"),
            ("3 der 5 alten Intranet-Sites sind schon auf SPO, die anderen 2 im Januar, alles gut.", "sharepoint", "in-progress", "migration"),
        ]);
        assert_eq!(
            top(
                "Está trabado, el motivo todavía lo estamos averiguando.",
                "teams"
            )
            .0,
            "blocked"
        );
    }

    #[test]
    fn a_month_and_its_year_are_no_share_of_work() {
        // "06/2026" is when the contract ends, not 6 of 2,026 users moved (D277).
        assert_cases(&[
            (
                "On Zoom until the contract ends 06/2026.",
                "teams",
                "no-intent",
                "using-competitive-solution",
            ),
            (
                "Teams Phone: SBCs not ready.",
                "sfb-pstn-calling",
                "blocked",
                "customer-it-infrastructure-remediation",
            ),
        ]);
        // A share written the same way stays one.
        assert_top(
            "Zoom contract ends, 300/1200 users moved to Teams so far.",
            "teams",
            "in-progress",
            Some("migration"),
        );
    }

    #[test]
    fn the_services_own_l3s_are_named_by_what_they_are_about() {
        // D278.
        assert_cases(&[
            ("District won't sync SDS: class rosters would be visible as O365 groups, privacy office said no.", "classroom-sds", "blocked", "product-feature-capability"),
        ]);
        for (note, service, l3) in [
            ("Shifts for the warehouse: they only have E1 for those workers, no F-SKU bought, so no qualifying licence.", "staffhub", "customer-didnt-purchase-a-qualified-sku-staffhub-specific-reason"),
            ("Blocked: 2,000 store staff have no company devices and the works council forbids BYOD enrolment.", "staffhub", "company-doesnt-provide-staff-workers-with-company-devices"),
        ] {
            assert_eq!(top(note, service).2.as_deref(), Some(l3), "{note}");
        }
    }

    #[test]
    fn teams_waiting_for_sharepoint_is_blocked_by_that_dependency() {
        // D280: the file server is where the files wait, not the intent kept.
        for note in [
            "Files stay on the file server until the SPO/OD rollout in Q3 – Teams waits for that.",
            "Dateien bleiben bis zum SPO/OD-Rollout in Q3 auf dem Fileserver – Teams wartet darauf.",
            "Los archivos se quedan en el servidor de ficheros hasta el despliegue de SPO/OD en Q3 – Teams espera a eso.",
            "文件在Q3上SPO/OD之前还放在文件服务器上——Teams要等这个。",
        ] {
            assert_eq!(
                top(note, "teams"),
                (
                    "blocked".to_string(),
                    Some("customer-it-infrastructure-remediation".to_string()),
                    Some("sharepoint-online-onedrive-for-business-dependency".to_string())
                ),
                "{note}"
            );
        }
    }

    #[test]
    fn known_folder_move_under_way_is_onboarding_after_a_finished_migration() {
        // D280: the migration finished is the step before; the KFM is the work now.
        assert_cases(&[
            ("SPO migration finished; OD KFM for 1,800 users runs this month, 700 done.", "onedrive", "in-progress", "technical-onboarding-deployment"),
            ("SPO-Migration abgeschlossen; OD KFM für 1.800 User läuft diesen Monat, 700 erledigt.", "onedrive", "in-progress", "technical-onboarding-deployment"),
            ("Migración a SPO terminada; OD KFM para 1.800 usuarios este mes, 700 hechos.", "onedrive", "in-progress", "technical-onboarding-deployment"),
            ("Dashboards de ventas en producción para 120 usuarios; finanzas después de su arranque de SAP.", "power-bi", "in-progress", "solution-or-user-adoption"),
        ]);
    }

    #[test]
    fn a_status_abbreviation_before_a_chinese_dash_is_the_status() {
        // D280: "——" is one dash, written twice.
        assert_eq!(
            abbreviated_label("SU——见EXO那一行。"),
            Some(L1::StatusUnknown)
        );
        assert_eq!(abbreviated_label("NI——客户用Zoom。"), Some(L1::NoIntent));
        assert_eq!(abbreviated_label("SUBSCRIPTION——新的。"), None);
    }

    #[test]
    fn the_one_l3_a_service_has_for_an_l2_is_taken() {
        // D281: Teams' Adoption/Readiness offers Other alone; Office's offers Privacy too.
        let note = "Users not ready – training for 3,000 shop-floor staff only starts in March, rollout waits for it.";
        assert_eq!(top(note, "teams").2.as_deref(), Some("other"));
        let (_, l2, l3) = top("Users not ready, training first.", "officeproplus");
        assert_eq!((l2.as_deref(), l3), (Some("adoption-readiness"), None));
    }

    #[test]
    fn a_word_of_the_l2s_name_does_not_name_its_l3() {
        // D281: "partner" is Partner Engagement's word, not Partner unresponsive's. A SOW
        // that leaves the service out is the L3 "other", as the training notes label it
        // (D314).
        for note in [
            "Partner's SOW covers only EXO; OD isn't in scope, new SOW being negotiated.",
            "El SOW del partner solo cubre EXO; OD no está en el alcance, se está negociando un SOW nuevo.",
        ] {
            assert_eq!(
                top(note, "onedrive"),
                (
                    "blocked".to_string(),
                    Some("partner-engagement".to_string()),
                    Some("other".to_string())
                ),
                "{note}"
            );
        }
        assert_eq!(
            top("Partner unresponsive since Oct, 3 mails.", "onedrive")
                .2
                .as_deref(),
            Some("partner-unresponsive")
        );
    }

    #[test]
    fn telemetry_kept_from_microsoft_is_readiness_and_tools_that_overlap_are_resourcing() {
        // D281.
        assert_cases(&[
            ("Datenschutzbeauftragter will die Diagnosedaten (Telemetrie) vor dem Rollout von M365 Apps abgeschaltet haben – Konfiguration wird geprüft.", "officeproplus", "blocked", "adoption-readiness"),
            ("数据保护官要求在推M365 Apps前关闭诊断数据（遥测）——配置正在评审。", "officeproplus", "blocked", "adoption-readiness"),
            ("Users confused which tool is for what – Yammer, Outlook groups, Teams; IT wants a usage guide before opening Teams.", "teams", "blocked", "it-change-management-resourcing"),
            ("用户搞不清Yammer、Outlook组和Teams各干什么；IT要先出使用指南再开放Teams。", "teams", "blocked", "it-change-management-resourcing"),
        ]);
    }

    #[test]
    fn a_status_abbreviation_before_a_bullet_is_the_status() {
        // D282.
        assert_eq!(
            abbreviated_label("NI • SP 2019 farm upgraded in 2025 • 40 custom WSP solutions"),
            Some(L1::NoIntent)
        );
        assert_eq!(
            abbreviated_label("IP | wave 2 next week"),
            Some(L1::InProgress)
        );
        assert_cases(&[
            ("NI • SP 2019 farm upgraded in 2025 • 40 custom WSP solutions • no budget to rebuild them before 2028", "sharepoint", "no-intent", "using-microsoft-on-premises-solution"),
            ("NI • granja SP 2019 actualizada en 2025 • 40 soluciones WSP a medida • sin presupuesto para rehacerlas antes de 2028", "sharepoint", "no-intent", "using-microsoft-on-premises-solution"),
        ]);
    }

    #[test]
    fn outlook_mobile_named_is_no_mobileiron() {
        // D282: "mobile" is the product's word; BlackBerry Work is the Good L3.
        assert_eq!(
            top("BlackBerry Work (Good) stays on all 900 mobiles – required by their government security accreditation, no Outlook mobile.", "exchange-outlook-mobile").2.as_deref(),
            Some("blackberry-good")
        );
        assert_eq!(
            top(
                "MobileIron on all iPhones, renewed to 2027.",
                "exchange-outlook-mobile"
            )
            .2
            .as_deref(),
            Some("mobileiron")
        );
    }

    #[test]
    fn devices_enrolled_in_spanish_are_onboarding_not_a_licence_renewed() {
        // D283: "la renovación a Win11" is the devices' refresh.
        assert_top(
            "La mitad del parque inscrito (≈1.100 de 2.200), el resto con la renovación a Win11.",
            "intune",
            "in-progress",
            Some("technical-onboarding-deployment"),
        );
    }

    #[test]
    fn colloquial_notes_name_their_l3s() {
        // D283.
        assert_l3s(&[
            ("Al cliente Yammer le da igual – comunicación está contenta con la intranet y el correo, no ven ningún caso de uso que les importe.", "yammer", "no-clear-business-drivers"),
            ("客户对Yammer完全不感冒——传播部门用内网和邮件挺满意，看不到什么值得用的场景。", "yammer", "no-clear-business-drivers"),
            ("设计研讨会后合作伙伴就人间蒸发了——10/20以来催了3次没回；已请PDM换合作伙伴。", "aadp", "partner-unresponsive"),
        ]);
    }

    #[test]
    fn a_status_closing_the_note_may_name_its_service_or_be_shortened() {
        // D284: "– NI para ATP" and "– NI." say the status as "– no intent." does.
        assert_cases(&[
            ("IronPort ESA está delante del correo, el equipo de seguridad no lo va a cambiar – NI para ATP.", "office-365-atp", "no-intent", "using-competitive-solution"),
            ("IronPort ESA está delante del correo, el equipo de seguridad no lo va a cambiar – NI.", "office-365-atp", "no-intent", "using-competitive-solution"),
        ]);
        // Spanish's "ni" is no status.
        assert_eq!(
            engine().closing_label("Tenemos poco tiempo – ni para ATP"),
            None
        );
    }

    #[test]
    fn competitors_by_their_products_names_in_four_languages() {
        // D284.
        assert_l3s(&[
            ("MaaS360 manages all 3k devices, renewed to 2027, IT is happy with it.", "intune", "ibm-maas360"),
            ("中国员工什么都用企业微信，Teams只用来和总部开电话会——不打算换。", "teams", "wechat"),
            ("2 aplicaciones SCADA necesitan IE11 completo en equipos LTSC, el modo IE se probó y falló – Edge no está previsto allí.", "edge", "microsoft-internet-explorer"),
        ]);
        assert_top(
            "Android-Geräte mit dem Mailclient Nine (vom MDM-Team vorgegeben), kein Outlook mobil.",
            "exchange-outlook-mobile",
            "no-intent",
            Some("using-competitive-solution"),
        );
    }

    #[test]
    fn new_teams_licences_named_in_german_and_chinese_are_a_new_subscription() {
        // D285.
        assert_cases(&[
            (
                "Neue Teams-Premium-Lizenzen – glaube ich für die Geschäftsleitung? Kläre ich.",
                "teams",
                "status-unknown",
                "new-subscription-or-workload",
            ),
            (
                "新的Teams Premium许可证——好像是给管理层的？我再确认。",
                "teams",
                "status-unknown",
                "new-subscription-or-workload",
            ),
        ]);
    }

    #[test]
    fn an_in_place_upgrade_of_windows_is_onboarding_in_any_language() {
        // D287, as the training notes of Windows upgrades have it.
        assert_top(
            "Win10→Win11 in-place upgrade在跑，55% done，剩下的2月底前搞定。",
            "windows-10",
            "in-progress",
            Some("technical-onboarding-deployment"),
        );
    }

    #[test]
    fn the_less_written_services_by_their_own_words() {
        // D289.
        assert_cases(&[
            ("Einwahlnummern für Indien brauchen eine lokale TK-Lizenz; Legal prüft die OSP-Regeln, Entscheidung im Feb.", "sfb-cloud-pstn-conferencing", "blocked", "legal-regulatory"),
            ("印度的拨入号码需要本地电信牌照；法务在审OSP规定，2月决定。", "sfb-cloud-pstn-conferencing", "blocked", "legal-regulatory"),
            ("日志收集器通过SOC的加固评审（工单SEC-2231）前，SOC不把代理日志接入MCAS，1月。", "mcas", "blocked", "security-privacy-non-product-feature"),
            ("PMs plan in Excel and are fine with it; no one sees a reason to pay for Project desktop.", "project-professional", "no-intent", "executive-sponsorship"),
            ("Nutzt ein anderes Rechteverwaltungstool.", "azrms", "no-intent", "using-competitive-solution"),
        ]);
    }

    #[test]
    fn a_status_denied_is_no_evidence_for_it() {
        // D290: "not blocked" dismisses its clause, which a dash between spaces ends; a
        // heading "No está bloqueado:" denies the status as "Nicht blockiert:" does.
        assert_cases(&[
            ("Not blocked – they simply stay on Google Workspace for mail, board decided in 2025.", "exchange", "no-intent", "using-competitive-solution"),
            ("No está bloqueado: se quedan con Google Workspace para el correo, lo decidió la dirección en 2025.", "exchange", "no-intent", "using-competitive-solution"),
            ("Not blocked technically, just nobody owns it for now.", "onedrive", "no-intent", "executive-sponsorship"),
            ("Técnicamente no está bloqueado, solo que por ahora nadie se encarga.", "onedrive", "no-intent", "executive-sponsorship"),
        ]);
        // Without the denial the status stands.
        assert_top(
            "Blocked – they wait for the proxy change in January.",
            "exchange",
            "blocked",
            Some("customer-it-infrastructure-remediation"),
        );
    }

    #[test]
    fn a_status_set_again_is_that_status() {
        // D290.
        for note in ["IP again.", "Wieder IP.", "De nuevo IP.", "又是IP了。"] {
            assert_eq!(top(note, "onedrive").0, "in-progress", "{note}");
        }
        assert_eq!(top("NI otra vez.", "teams").0, "no-intent");
        // After a comma, the status's capitals close the note (D291).
        for note in ["5,000 seats, IP.", "5000个席位，IP。"] {
            assert_eq!(top(note, "teams").0, "in-progress", "{note}");
        }
        assert_eq!(
            top("Proxy blocks the client, SU.", "teams").0,
            "status-unknown"
        );
    }

    #[test]
    fn the_products_limits_by_their_figures_in_german() {
        // D290: "vertrauenswürdigen IPs" are MFA's trusted IPs, not trust; Pro licences on
        // order are billing.
        assert_cases(&[
            ("Das Limit von 50 vertrauenswürdigen IPs für MFA reicht für 140 Filialnetze nicht; MFA erst danach.", "aadp", "blocked", "product-feature-capability"),
            ("Zusätzliche Pro-Lizenzen werden benötigt, die Bestellung ist noch nicht genehmigt.", "power-bi", "blocked", "billing-licensing-subscription"),
        ]);
        assert_l3s(&[(
            "Das Limit von 50 vertrauenswürdigen IPs für MFA reicht für 140 Filialnetze nicht.",
            "aadp",
            "mfa-ability-to-add-more-than-50-ips-for-mfa-exemption",
        )]);
    }

    #[test]
    fn the_customer_quoted_says_the_status_in_their_words() {
        // D292.
        assert_cases(&[
            ("Jefe de TI: «Nos saltamos Skype Online, directos a Teams». Teams ya está en producción.", "sfb", "no-intent", "using-microsoft-on-premises-solution"),
            ("Jefe de operaciones: «el servidor de archivos funciona». Sin motivo de negocio; TI no lo impulsará.", "sharepoint", "no-intent", "executive-sponsorship"),
            ("Customer said \"maybe later\".", "yammer", "no-intent", "executive-sponsorship"),
        ]);
        assert_l3s(&[(
            "Jefe de TI: «Nos saltamos Skype Online, directos a Teams».",
            "sfb",
            "moving-to-teams",
        )]);
    }

    #[test]
    fn the_services_own_name_is_no_gap_of_it() {
        // D293: on School Data Sync, "SDS" and "SDS syncing" name the service at work.
        assert_top(
            "School district: SDS syncing rosters from PowerSchool for 14 of 22 schools; the remaining 8 after their SIS cleanup in January.",
            "classroom-sds",
            "in-progress",
            Some("technical-onboarding-deployment"),
        );
        assert_top(
            "SDS sync issues.",
            "classroom-sds",
            "blocked",
            Some("product-feature-capability"),
        );
        assert_cases(&[
            ("Retail: el personal de tienda no tiene móvil de empresa y el sindicato no acepta usar los propios; Shifts espera a las tablets compartidas de tienda (presupuesto Q3).", "staffhub", "blocked", "customer-it-infrastructure-remediation"),
            ("Hersteller, derzeit kein Bedarf an Labels.", "aip", "no-intent", "executive-sponsorship"),
        ]);
        assert_l3s(&[
            ("Bank: regulator-facing mail stays on their own Exchange 2019 in the Frankfurt DC by board decision.", "exchange", "customer-decision-to-maintain-control-over-service"),
            ("Fertigung: die MES-Clients sind nur für Win10 LTSC zertifiziert; Zertifizierung für Win11 bis Q3.", "windows-10", "lob-applications"),
        ]);
    }

    #[test]
    fn regional_words_read_as_the_standard_ones() {
        // D298: Indian English, Swiss and Austrian German, Latin American Spanish,
        // traditional Chinese.
        assert_cases(&[
            ("Legal revisa si se pueden administrar los celulares de los empleados según la nueva ley de datos personales; dictamen para el 15 de enero.", "intune", "blocked", "legal-regulatory"),
            ("Tried reaching the IT head thrice over mail and twice on phone since Oct, no revert. Managed account, escalated to the ATS.", "onedrive", "status-unknown", "customer-unresponsive"),
            ("資訊部門到3月都在忙年結和SAP升級；Teams推廣4月再繼續。", "teams", "blocked", "it-change-management-resourcing"),
        ]);
        assert_l3s(&[
            ("350 computadoras de las sucursales no cumplen los requisitos (sin TPM); compras ya emitió la orden.", "windows-10", "hardware"),
            ("They bought E3 and need Pro for the 40 report authors; partner is sending a revised quote.", "power-bi", "incorrect-sku"),
        ]);
    }

    #[test]
    fn a_service_kept_on_premises_is_no_intent() {
        // D300: "stays on-prem", "留在本地" are words of no intent.
        assert_cases(&[
            ("AD RMS stays on-prem: HSM-backed keys renewed in 2025, no move to Azure RMS before the HSM lease ends (2028).", "azrms", "no-intent", "using-microsoft-on-premises-solution"),
            ("AD RMS留在本地：基于HSM的密钥2025年刚续，HSM租约到期（2028年）前不迁到Azure RMS。", "azrms", "no-intent", "using-microsoft-on-premises-solution"),
        ]);
    }

    #[test]
    fn seats_said_to_be_in_another_row_are_that_rows() {
        assert_cases(&[
            (
                "Split: 2,000 IP (file shares moving to OD, 45% done), 500 blocked (legal hold, see other row).",
                "onedrive",
                "in-progress",
                "migration",
            ),
            (
                "Aufgeteilt: 2.000 IP (Fileshares ziehen nach OD um, 45 % erledigt), 500 blockiert (Legal Hold, siehe andere Zeile).",
                "onedrive",
                "in-progress",
                "migration",
            ),
            (
                "拆分：2000个进行中（文件共享迁到OD，已完成45%），500个受阻（法律保留，见另一行）。",
                "onedrive",
                "in-progress",
                "migration",
            ),
            // A row that repeats another says so whatever it points to.
            ("Duplicate, see other row.", "teams", "duplicate-invalid", ""),
            (
                "Duplicate: the 2,400 seats are already counted in the other row, same tenant.",
                "teams",
                "duplicate-invalid",
                "",
            ),
        ]);
    }

    #[test]
    fn new_licences_in_shorthand_are_a_new_subscription() {
        assert_cases(&[
            (
                "new lic",
                "intune",
                "status-unknown",
                "new-subscription-or-workload",
            ),
            (
                "neue Liz.",
                "intune",
                "status-unknown",
                "new-subscription-or-workload",
            ),
            (
                "lic. nuevas",
                "intune",
                "status-unknown",
                "new-subscription-or-workload",
            ),
        ]);
    }

    #[test]
    fn no_point_seen_and_nobody_owning_it_are_sponsorships_l3s() {
        assert_l3s(&[
            ("Jorge says they don't see the point.", "onedrive", "no-clear-business-drivers"),
            ("Jorge dice que no le ven sentido.", "onedrive", "no-clear-business-drivers"),
            ("Jorge说他们觉得没意义。", "onedrive", "no-clear-business-drivers"),
            (
                "NI: comms head (Sarah) left in Oct, nobody owns internal social; intranet newsletter instead.",
                "yammer",
                "no-bdm-sponsor-identified",
            ),
            (
                "NI：传播负责人Sarah 10月离职，内部社交没人负责；改用内网简报。",
                "yammer",
                "no-bdm-sponsor-identified",
            ),
        ]);
    }

    #[test]
    fn a_partner_short_of_people_a_casb_and_a_browser_not_imposed_have_their_l3s() {
        assert_l3s(&[
            (
                "FRP (Contoso) lost its SPO engineer; no replacement until Feb, customer won't go on without them.",
                "sharepoint",
                "other",
            ),
            (
                "FRP（Contoso）的SPO工程师离职了；2月前没人接替，客户不愿在没有他们的情况下推进。",
                "sharepoint",
                "other",
            ),
            ("NI – Netskope CASB in place since 2023, SOC built around it, contract to 2027.", "mcas", "other"),
            (
                "NI: TI no impone navegador, los usuarios eligen libremente Chrome o Firefox, sin planes de estandarizar.",
                "edge",
                "it-not-enforcing-standardizing-on-any-internet-browser",
            ),
        ]);
        // A partner that does not answer is still that.
        assert_l3s(&[(
            "Blocked – partner (Bechtle) not responding since SOW signed in Oct, 3 chasers; asked PDM to escalate.",
            "sharepoint",
            "partner-unresponsive",
        )]);
    }

    #[test]
    fn work_moving_along_with_no_date_yet_is_in_progress() {
        assert_cases(&[
            (
                "Geht voran, noch kein Datum.",
                "windows-10",
                "in-progress",
                "technical-onboarding-deployment",
            ),
            (
                "Va avanzando, sin fecha todavía.",
                "windows-10",
                "in-progress",
                "technical-onboarding-deployment",
            ),
            (
                "在推进，还没定时间。",
                "windows-10",
                "in-progress",
                "technical-onboarding-deployment",
            ),
            (
                "Licences just arrived, still need to talk to them.",
                "teams",
                "status-unknown",
                "new-subscription-or-workload",
            ),
        ]);
    }

    #[test]
    fn a_row_doubled_and_covered_by_another_is_a_duplicate_with_its_why() {
        for note in [
            "Row doubled – MCAS is already covered by the E5 row of the same tenant.",
            "Fila repetida – MCAS ya está cubierto por la fila E5 del mismo tenant.",
        ] {
            let s = engine().suggest(note, Service::resolve("mcas"));
            assert_eq!(s.proposals[0].l1.code(), "duplicate-invalid", "{note}");
            assert_eq!(s.grade.level, crate::Level::Great, "{note}");
        }
        assert_l3s(&[
            (
                "Braked: the AD cleanup (12,000 orphaned accounts) must finish before sync, end of Feb.",
                "aadp",
                "identity",
            ),
            ("被卡住：AD清理（12000个孤立账号）要在同步前完成，2月底。", "aadp", "identity"),
        ]);
    }

    #[test]
    fn work_said_to_go_on_with_no_concerns_is_in_progress() {
        assert_cases(&[
            (
                "We had several good conversations with the customer over the last weeks and they are generally positive about Teams. The project team is working on it and we will continue to support them; more details once we have the next meeting with them.",
                "teams",
                "in-progress",
                "technical-onboarding-deployment",
            ),
            (
                "The customer is progressing with AADP. Several workstreams are ongoing and the team meets regularly with the partner to align on the next steps. Overall the project is on track and there are no major concerns at this point.",
                "aadp",
                "in-progress",
                "technical-onboarding-deployment",
            ),
            (
                "El cliente avanza con AADP. Hay varias líneas de trabajo en curso y el equipo se reúne con el partner para alinear los siguientes pasos. En general el proyecto va según lo previsto y por ahora no hay grandes preocupaciones.",
                "aadp",
                "in-progress",
                "technical-onboarding-deployment",
            ),
        ]);
        assert_l3s(&[
            (
                "About 400 lab PCs run measurement software that the vendor only certifies on Windows 8.1; the upgrade would void the calibration. The vendor's certified release for Windows 10 is announced for Q2, the lab will upgrade in the summer shutdown.",
                "windows-10",
                "lob-applications",
            ),
            (
                "The partner signed the SOW for Outlook Mobile in October but has not started: two workshops were cancelled by them and our last three mails to their project manager are unanswered.",
                "exchange-outlook-mobile",
                "partner-unresponsive",
            ),
        ]);
    }

    #[test]
    fn workplace_by_meta_and_a_new_network_have_their_l3s() {
        assert_l3s(&[
            (
                "on Workplace (Meta) til the contract ends mid-2026, no yammer plans b4 that",
                "yammer",
                "facebook-workplace",
            ),
            (
                "auf Workplace (Meta) bis Vertragsende Mitte 2026, vorher keine Yammer-Pläne",
                "yammer",
                "facebook-workplace",
            ),
            (
                "QoS nicht konfiguriert, Audio bricht in 12 Filialen ab, neues Netz im März",
                "teams",
                "network",
            ),
        ]);
    }

    #[test]
    fn a_partner_sow_without_the_service_and_a_cio_who_distrusts_the_cloud_have_their_l3s() {
        assert_l3s(&[
            (
                "Blocked: the partner's SOW doesn't include Intune; a new SOW is in negotiation, signature expected 01/15.",
                "intune",
                "other",
            ),
            ("受阻：合作伙伴的SOW不包含Intune；新SOW在谈，预计1月15日签署。", "intune", "other"),
            (
                "Bloqueado: el CIO no confía en la nube tras una brecha en una empresa del sector; quiere antes una sesión presencial con seguridad de Microsoft.",
                "sharepoint",
                "trust",
            ),
        ]);
    }

    #[test]
    fn a_licensing_question_is_billing() {
        assert_cases(&[
            (
                "Blocked – licensing question.",
                "project-online-essentials",
                "blocked",
                "billing-licensing-subscription",
            ),
            (
                "Bloqueado – duda de licencias.",
                "project-online-essentials",
                "blocked",
                "billing-licensing-subscription",
            ),
            (
                "受阻——许可问题。",
                "project-online-essentials",
                "blocked",
                "billing-licensing-subscription",
            ),
        ]);
    }

    #[test]
    fn users_getting_used_to_a_service_is_adoption() {
        assert_cases(&[
            (
                "Users are slowly getting used to OneDrive.",
                "onedrive",
                "in-progress",
                "solution-or-user-adoption",
            ),
            (
                "Die Nutzer gewöhnen sich langsam an OneDrive.",
                "onedrive",
                "in-progress",
                "solution-or-user-adoption",
            ),
            (
                "Los usuarios se van acostumbrando poco a poco a OneDrive.",
                "onedrive",
                "in-progress",
                "solution-or-user-adoption",
            ),
        ]);
    }

    #[test]
    fn a_board_that_backs_nothing_is_sponsorship_and_a_farm_written_off_is_an_investment() {
        assert_cases(&[
            (
                "New CEO froze every IT project not tied to revenue; nobody on the board will back a Teams rollout this year.",
                "teams",
                "no-intent",
                "executive-sponsorship",
            ),
            (
                "El nuevo CEO congeló todo proyecto de TI que no genere ingresos; nadie en el consejo apoyará desplegar Teams este año.",
                "teams",
                "no-intent",
                "executive-sponsorship",
            ),
        ]);
        assert_l3s(&[
            (
                "New SP 2019 farm and hardware bought last year, written off over 5 years - no SPO before 2029.",
                "sharepoint",
                "commitment-to-on-premises-investment-or-third-party",
            ),
            (
                "去年刚买了SP 2019服务器场和硬件，按5年折旧，2029年前不会上SPO。",
                "sharepoint",
                "commitment-to-on-premises-investment-or-third-party",
            ),
        ]);
    }

    #[test]
    fn idioms_of_a_silence_and_of_work_going_on_read_as_their_status() {
        assert_cases(&[
            (
                "Termin ist geplatzt.",
                "yammer",
                "status-unknown",
                "customer-unresponsive",
            ),
            (
                "Se cayó la reunión.",
                "yammer",
                "status-unknown",
                "customer-unresponsive",
            ),
            (
                "Ahí vamos con Intune.",
                "intune",
                "in-progress",
                "technical-onboarding-deployment",
            ),
            (
                "Wir kommen mit Intune voran.",
                "intune",
                "in-progress",
                "technical-onboarding-deployment",
            ),
            (
                "Läuft super: 7 von 10 Abteilungsseiten schon in SPO, Finanzen und Recht folgen in der zweiten Januarhälfte.",
                "sharepoint",
                "in-progress",
                "migration",
            ),
        ]);
        assert_l3s(&[
            (
                "Stuck on the payroll system, which only runs on Win7; the vendor ships a compatible version in March.",
                "windows-10",
                "lob-applications",
            ),
            (
                "卡在工资系统上，只能在Win7跑；供应商3月出兼容版本。",
                "windows-10",
                "lob-applications",
            ),
            (
                "The partner has left us hanging: no calling plan sent in 5 weeks despite 3 reminders.",
                "teams",
                "partner-unresponsive",
            ),
            (
                "Der Partner lässt uns hängen: seit 5 Wochen kein Anrufplan trotz 3 Erinnerungen.",
                "teams",
                "partner-unresponsive",
            ),
        ]);
    }

    #[test]
    fn german_idioms_read_as_their_status() {
        assert_cases(&[
            (
                "Die IT hat gerade keinen Kopf dafür.",
                "sharepoint",
                "blocked",
                "it-change-management-resourcing",
            ),
            (
                "El cliente se hace el remolón, desde el taller no dice nada.",
                "power-bi",
                "status-unknown",
                "customer-unresponsive",
            ),
            (
                "Customer got cold feet: mail is to stay in their own data centre, the board won't give up control of the data.",
                "exchange",
                "no-intent",
                "using-microsoft-on-premises-solution",
            ),
        ]);
        assert_l3s(&[(
            "Kunde hat kalte Füße bekommen: Mails sollen im eigenen RZ bleiben, der Vorstand will die Datenhoheit nicht abgeben.",
            "exchange",
            "customer-decision-to-maintain-control-over-service",
        )]);
    }

    #[test]
    fn a_staged_go_live_is_onboarding_and_mlps_is_security() {
        assert_cases(&[
            (
                "Teams gestaffelter Go-live: zuerst für 300 Personen in IT und Finanzen freigeschaltet, nach zwei Wochen ohne Probleme für alle.",
                "teams",
                "in-progress",
                "technical-onboarding-deployment",
            ),
            (
                "Salida escalonada de Teams: primero habilitado para 300 personas de TI y finanzas; si en dos semanas no hay problemas, a toda la plantilla.",
                "teams",
                "in-progress",
                "technical-onboarding-deployment",
            ),
            (
                "No se puede salir a producción hasta aprobar la evaluación MLPS; está programada para mediados de enero.",
                "teams",
                "blocked",
                "security-privacy-non-product-feature",
            ),
        ]);
        assert_l3s(&[
            (
                "Budget ist genehmigt, aber das Geld noch nicht da; laut Finanzabteilung kann der Einkauf erst mit dem neuen GJ im April starten.",
                "teams",
                "budget-agreed-but-not-available",
            ),
            (
                "预算批了但钱还没到位，财务说要等明年4月新财年才能走采购流程。",
                "teams",
                "budget-agreed-but-not-available",
            ),
            (
                "Die Informationssicherheit gibt es nicht frei: jedes externe Teilen muss genehmigt und Dokumente verschlüsselt werden, das Konzept ist noch im Review.",
                "sharepoint",
                "security",
            ),
        ]);
    }

    #[test]
    fn a_customer_happy_with_the_partner_is_no_partner_block() {
        for note in [
            "客户对合作伙伴和整体进展都满意。",
            "Der Kunde ist mit dem Partner zufrieden.",
        ] {
            assert_ne!(
                top(note, "sharepoint").1.as_deref(),
                Some("partner-engagement"),
                "{note}"
            );
        }
        // A partner the customer is unhappy with, and why, still is one (set 436).
        assert_cases(&[(
            "Der Kunde ist mit dem Partner unzufrieden: sein Berater ist seit 4 Wochen nicht erreichbar und die Migration steht.",
            "sharepoint",
            "blocked",
            "partner-engagement",
        )]);
    }

    #[test]
    fn dial_in_numbers_in_use_are_adoption_and_a_hardening_review_is_security() {
        assert_cases(&[
            (
                "Einwahlnummern seit Nov. in allen Besprechungseinladungen; 40 % der externen Meetings laufen jetzt über die Audiokonferenz.",
                "sfb-cloud-pstn-conferencing",
                "in-progress",
                "solution-or-user-adoption",
            ),
            (
                "11月起所有会议邀请都带拨入号码，40%的外部会议已在用音频会议。",
                "sfb-cloud-pstn-conferencing",
                "in-progress",
                "solution-or-user-adoption",
            ),
            (
                "El SOC no enviará los logs del firewall a MCAS hasta que la VM del recolector pase su revisión de bastionado (fijada el 12/01).",
                "mcas",
                "blocked",
                "security-privacy-non-product-feature",
            ),
        ]);
        assert_l3s(&[(
            "No SfB Online: they go straight from SfB Server 2015 to Teams, migration planned for Q2.",
            "sfb",
            "moving-to-teams",
        )]);
    }

    #[test]
    fn a_service_added_with_a_renewal_is_new_and_a_wrong_row_is_invalid() {
        assert_cases(&[
            (
                "EMS added with the EA renewal.",
                "intune",
                "status-unknown",
                "new-subscription-or-workload",
            ),
            (
                "EMS añadido con la renovación del EA.",
                "intune",
                "status-unknown",
                "new-subscription-or-workload",
            ),
            ("应该是行弄错了。", "sharepoint", "duplicate-invalid", ""),
            (
                "合作大学的教育租户，被误建在客户协议下，许可证已重新分配。",
                "yammer",
                "duplicate-invalid",
                "",
            ),
        ]);
    }

    #[test]
    fn only_e3_and_no_p2_is_the_wrong_sku() {
        // D333.
        assert_cases(&[
            (
                "客户只有E3，没P2，PIM和身份保护用不了，正考虑升E5",
                "aadp",
                "blocked",
                "billing-licensing-subscription",
            ),
            (
                "Customer only has E3, no P2, so PIM and Identity Protection aren't available, considering E5",
                "aadp",
                "blocked",
                "billing-licensing-subscription",
            ),
        ]);
        assert_l3s(&[(
            "Kunde hat nur E3, kein P2, PIM und Identity Protection gehen also nicht, E5 wird überlegt",
            "aadp",
            "incorrect-sku",
        )]);
    }

    #[test]
    fn branches_cut_over_later_are_no_network_block() {
        // D333: "sucursales" is a faint cue of the network.
        assert_cases(&[(
            "El SBC de Direct Routing ya funciona, 200 usuarios de la sede en piloto, las sucursales migran en marzo",
            "teams",
            "in-progress",
            "technical-onboarding-deployment",
        )]);
    }

    #[test]
    fn a_scanning_app_and_funds_not_released_name_their_l3s() {
        // D332.
        assert_l3s(&[
            (
                "Win10 paused again: the warehouse scanning app crashes on 22H2, vendor fix promised for Q1",
                "windows-10",
                "lob-applications",
            ),
            (
                "Despliegue de P2 aparcado: el presupuesto está aprobado, pero los fondos no se liberan hasta abril",
                "aadp",
                "budget-agreed-but-not-available",
            ),
        ]);
    }

    #[test]
    fn a_partner_that_gets_no_answer_either_leaves_the_silence_the_customers() {
        // D334.
        assert_cases(&[
            (
                "Ignored: 3 mails and 2 calls since October, the partner gets no answer either",
                "intune",
                "status-unknown",
                "customer-unresponsive",
            ),
            (
                "Keine Reaktion: 3 Mails und 2 Anrufe seit Oktober, der Partner bekommt auch keine Antwort",
                "intune",
                "status-unknown",
                "customer-unresponsive",
            ),
            (
                "Ni caso: 3 correos y 2 llamadas desde octubre, el partner tampoco consigue respuesta",
                "intune",
                "status-unknown",
                "customer-unresponsive",
            ),
        ]);
    }

    #[test]
    fn seats_that_came_with_a_renewal_nobody_asked_about_are_new() {
        // D334.
        assert_cases(&[(
            "Mit der Verlängerung kamen 300 PBI-Pro-Lizenzen, beim Kunden hat noch keiner danach gefragt",
            "power-bi",
            "status-unknown",
            "new-subscription-or-workload",
        )]);
    }

    #[test]
    fn a_row_already_in_the_parents_row_is_a_duplicate_with_its_reason() {
        // D334.
        for note in [
            "This row shouldn't be here: the Chile subsidiary's tenant is already in the parent's row",
            "Esta fila sobra: el tenant de la filial de Chile ya está en la fila de la matriz",
            "这行多余：智利子公司的租户已经在母公司那行里了",
        ] {
            let s = engine().suggest(note, Service::resolve("exchange"));
            assert_eq!(s.proposals[0].l1, L1::DuplicateInvalid, "{note}");
            assert_eq!(s.grade.level, Level::Great, "{note}");
        }
    }

    #[test]
    fn a_change_board_and_an_on_premises_farm_just_rebuilt_are_read() {
        // D335.
        assert_cases(&[
            (
                "Erst muss der Freigabeprozess für Geräte überarbeitet werden, das Change-Board tagt im Jan.",
                "intune",
                "blocked",
                "it-change-management-resourcing",
            ),
            (
                "SP 2019去年才重新搭的，现在不会扔掉，SPO最早2027年",
                "sharepoint",
                "no-intent",
                "using-microsoft-on-premises-solution",
            ),
            (
                "Telefonía de la centralita Alcatel a Teams Phone: sede norte cambiada, la sur en feb",
                "teams",
                "in-progress",
                "migration",
            ),
        ]);
        assert_l3s(&[(
            "SP 2019 erst letztes Jahr neu aufgesetzt, das wird jetzt nicht weggeworfen – SPO frühestens 2027",
            "sharepoint",
            "commitment-to-on-premises-investment-or-third-party",
        )]);
    }

    #[test]
    fn outlook_mobile_handed_out_with_native_mail_shut_off_is_a_rollout() {
        // D336.
        assert_cases(&[(
            "Outlook móvil distribuido con Intune a 900 de 1.400 móviles, el correo nativo se bloquea desde feb",
            "exchange-outlook-mobile",
            "in-progress",
            "technical-onboarding-deployment",
        )]);
    }

    #[test]
    fn qlik_misspelt_is_still_the_competitor() {
        // D336.
        assert_cases(&[(
            "usan Qlick Sense para todos los informes, PBI no esta en la hoja de ruta",
            "power-bi",
            "no-intent",
            "using-competitive-solution",
        )]);
    }

    #[test]
    fn a_small_firm_content_with_less_sees_no_driver() {
        // D337.
        for (note, svc) in [
            (
                "Small firm (60 users), MFA via Security Defaults is all they want, P1 features seen as overkill",
                "aadp",
            ),
            (
                "Kleine Firma (60 User), Security Defaults für MFA reichen ihnen, P1-Funktionen gelten als überdimensioniert",
                "aadp",
            ),
            (
                "Empresa pequeña (60 usuarios), con MFA de Security Defaults les basta, las funciones de P1 les sobran",
                "aadp",
            ),
        ] {
            assert_eq!(
                top(note, svc),
                (
                    "no-intent".to_string(),
                    Some("executive-sponsorship".to_string()),
                    Some("no-clear-business-drivers".to_string())
                ),
                "{note}"
            );
        }
    }

    #[test]
    fn a_covid_wave_and_more_licences_name_their_l3s() {
        // D338.
        assert_l3s(&[
            (
                "W10-Refresh eingefroren, Büros wegen der Covid-Welle zu, IT im Remote-Support eingesetzt",
                "windows-10",
                "covid",
            ),
            (
                "Solo 200 P1 para 1.500 usuarios, el cliente necesita más licencias antes de CA para todos, pedido pendiente",
                "aadp",
                "addition-of-seats",
            ),
        ]);
    }

    #[test]
    fn a_forum_of_their_own_is_a_competitor_named() {
        // D339.
        assert_cases(&[
            (
                "Internal community runs on their own Discuz forum, Yammer not considered",
                "yammer",
                "no-intent",
                "using-competitive-solution",
            ),
            (
                "没联系上。",
                "exchange",
                "status-unknown",
                "customer-unresponsive",
            ),
        ]);
    }

    #[test]
    fn rarer_blocks_name_their_l2s_and_l3s() {
        // D340.
        assert_cases(&[
            (
                "Der Partner hat zweimal die Projektleitung gewechselt, der neue muss das Migrationsdesign neu machen, Start auf Feb. verschoben",
                "exchange",
                "blocked",
                "partner-engagement",
            ),
            (
                "Their rugged Android scanners run Android 8, below Intune's supported OS, vendor update not before summer",
                "intune",
                "blocked",
                "product-feature-capability",
            ),
            (
                "Teams calendar needs mailboxes in EXO, 80% still on Exchange 2013 on-prem, hybrid first",
                "teams",
                "blocked",
                "customer-it-infrastructure-remediation",
            ),
        ]);
        assert_l3s(&[
            (
                "Ihre robusten Android-Scanner laufen mit Android 8, unter der von Intune unterstützten Version, Hersteller-Update nicht vor dem Sommer",
                "intune",
                "minimum-os-required",
            ),
            (
                "El calendario de Teams necesita buzones en EXO, el 80% sigue en Exchange 2013 local, primero el híbrido",
                "teams",
                "exchange-online-dependency",
            ),
            (
                "Board won't let MS hold the encryption keys, wants HYOK or nothing, labels on hold",
                "aip",
                "trust",
            ),
        ]);
    }

    #[test]
    fn users_signing_in_and_a_role_rolled_out_are_told_apart() {
        // D342.
        assert_cases(&[
            (
                "Outlook mobile auf 1.200 Handys, aber nur 55 % melden sich wöchentlich an, Anleitungsvideos verschickt",
                "exchange-outlook-mobile",
                "in-progress",
                "solution-or-user-adoption",
            ),
            (
                "PIM rolled out for all admin roles, access reviews scheduled quarterly, Identity Protection policies next",
                "aadp",
                "in-progress",
                "technical-onboarding-deployment",
            ),
        ]);
    }

    #[test]
    fn a_silence_about_some_work_and_the_way_round_it_are_told_apart() {
        // D344: mails counted by their dates about a migration, with no answer, are the
        // customer's silence; the reseller named as the next way to reach them is no
        // partner's silence; a usage report and user training are adoption; users switched
        // to Teams Only are migrated.
        assert_cases(&[
            (
                "Emailed j.meyer@contoso.com on 03/11, 17/11 and 01/12 re mailbox migration - no answer. Next: call via reseller",
                "exchange",
                "status-unknown",
                "customer-unresponsive",
            ),
            (
                "Escrito a j.meyer@contoso.com el 03/11, 17/11 y 01/12 por la migración de buzones, sin respuesta. Siguiente: llamar vía reseller",
                "exchange",
                "status-unknown",
                "customer-unresponsive",
            ),
            (
                "OneDrive: KFM desplegado en todos los PCs, ahora formación de usuarios (3 de 8 sesiones dadas), informe de uso compartido el 25/11",
                "onedrive",
                "in-progress",
                "solution-or-user-adoption",
            ),
            (
                "SfB-User werden standortweise auf Teams Only umgestellt, 5 von 8 Standorten erledigt",
                "sfb",
                "in-progress",
                "migration",
            ),
        ]);
        assert_l3s(&[
            (
                "Per CIO (mail 12-Nov): staying with Ivanti MobileIron for all mobiles, Intune not planned",
                "intune",
                "mobileiron",
            ),
            (
                "M365 Apps受阻：SAP插件只认证了Office 2016 MSI版，厂商Q2出修复",
                "officeproplus",
                "opp-3rd-party-plugins",
            ),
            (
                "Exchange bleibt on-prem – erst letztes Jahr auf Exchange 2019 SE upgegradet, kein Business Case für EXO",
                "exchange",
                "commitment-to-on-premises-investment-or-third-party",
            ),
            (
                "合作伙伴（Fabrikam IT，PO 4500123）还没开始EXO工作，催了两次没回，已请FM主管介入",
                "exchange",
                "partner-unresponsive",
            ),
        ]);
    }

    #[test]
    fn what_a_note_says_is_not_the_matter_and_gaps_named_only_by_the_product_are_read() {
        // D345: a licensing problem that turned out none is no reason of the row.
        assert_cases(&[(
            "No licensing problem after all - the right SKUs were assigned Monday, sync client going out to 400 PCs this week",
            "onedrive",
            "in-progress",
            "technical-onboarding-deployment",
        )]);
        assert_l3s(&[
            (
                "Not a budget question: they chose Jamf for all Macs and iPads and are happy with it, contract to 2027",
                "intune",
                "other",
            ),
            (
                "No es una carencia del producto: AADP espera porque hay que consolidar 3 bosques del AD local antes de sincronizar",
                "aadp",
                "identity",
            ),
            ("不是功能缺失：董事会就是不放心把研发文档放在美国云上", "sharepoint", "trust"),
            (
                "Nadie está en contra de Yammer, simplemente no hay necesidad: 120 empleados en un edificio, se hablan en persona",
                "yammer",
                "no-clear-business-drivers",
            ),
            (
                "OLM on hold: their MDM can't push app config policies to Outlook mobile the way they need. Waiting for support.",
                "exchange-outlook-mobile",
                "outlook-mobile-doesnt-support-app-configuration-deployment-policies",
            ),
        ]);
        // "Outlook" opens thirteen gaps' names and names none of them: a gap the taxonomy
        // does not list is given no L3 rather than the first of them.
        let (_, l2, l3) = top(
            "Not a security policy issue: Outlook mobile lacks the S/MIME option for shared mailboxes they need, waiting on the roadmap",
            "exchange-outlook-mobile",
        );
        assert_eq!(l2.as_deref(), Some("product-feature-capability"));
        assert_eq!(l3, None);
    }

    #[test]
    fn a_customer_that_stopped_answering_is_silent() {
        // D346.
        assert_cases(&[(
            "Customer paused all projects during the merger talks and stopped answering us in October; AM confirms, no date given",
            "teams",
            "status-unknown",
            "customer-unresponsive",
        )]);
    }

    #[test]
    fn the_rarer_blocks_name_their_l3() {
        // D347.
        assert_l3s(&[
            (
                "Hospital froze all non-clinical IT projects during the flu surge, Teams rollout on hold until the wave passes",
                "teams",
                "covid",
            ),
            (
                "M365 Apps blocked on the Citrix farm: shared computer activation not set up and the profile disks are too small for the cache",
                "officeproplus",
                "vdi",
            ),
            ("Win10升级受阻：40%的电脑只有4GB内存和老CPU，更换预算已批到下个财年", "windows-10", "hardware"),
            (
                "ODfB vom Datenschutzbeauftragten blockiert: keine persönlichen Dateien in der Cloud, bis die DSFA fertig ist, voraussichtlich Februar",
                "onedrive",
                "other",
            ),
            (
                "Edge rollout blocked: the one packaging engineer is fully booked with the ERP upgrade until March",
                "edge",
                "resource-limitation",
            ),
            (
                "SDS not possible: the school's tenant is on a commercial agreement, not an education one, so School Data Sync isn't available",
                "classroom-sds",
                "classroom-sds-the-tenant-is-not-a-verified-edu-tenant",
            ),
        ]);
    }

    #[test]
    fn notes_kept_as_templates_and_logs_name_their_l3() {
        // D348.
        assert_l3s(&[
            (
                "[28/11] CIO confirmed: Domino stays for mail and apps, 400 Notes apps, no budget to rewrite. [10/11] waiting on CIO.",
                "exchange",
                "ibm-notes",
            ),
            (
                "[30/11] SfB->Teams voice blocked: 12 branch SBCs are end of life and not certified for Direct Routing, replacement PO pending.",
                "sfb",
                "hardware",
            ),
        ]);
    }

    #[test]
    fn every_labelled_note_names_codes_of_the_taxonomy() {
        // An L3 the taxonomy does not hold ("qlik", "dropbox"), or does not offer for the
        // note's service, can never be proposed: its notes would count as misses of the L3
        // for ever (sets 448, 449).
        for (file, text) in [("train", TRAIN), ("dev", include_str!("../data/dev.jsonl"))] {
            for (n, line) in text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
            {
                let note: serde_json::Value = serde_json::from_str(line).unwrap();
                let at = format!("{file}.jsonl line {}", n + 1);
                let l1 = L1::from_code(note["l1"].as_str().unwrap())
                    .unwrap_or_else(|| panic!("{at}: L1 {}", note["l1"]));
                let Some(l2) = note["l2"].as_str() else {
                    assert!(note["l3"].is_null(), "{at}: an L3 with no L2");
                    continue;
                };
                let l2 = l1
                    .l2s()
                    .find(|x| x.code() == l2)
                    .unwrap_or_else(|| panic!("{at}: L2 {l2} of {}", l1.code()));
                if let Some(l3) = note["l3"].as_str() {
                    let l3 = l2
                        .l3s()
                        .find(|x| x.code() == l3)
                        .unwrap_or_else(|| panic!("{at}: L3 {l3} of {}", l2.code()));
                    // FTOP offers an L3 only for the services its list names (D337).
                    let service = Service::resolve(note["workload"].as_str().unwrap())
                        .unwrap_or_else(|| panic!("{at}: service {}", note["workload"]));
                    assert!(
                        l3.applies_to(service),
                        "{at}: L3 {} is not offered for {}",
                        l3.code(),
                        service.code()
                    );
                }
            }
        }
    }

    #[test]
    fn a_note_with_no_word_the_model_knows_is_not_decided_by_the_classes_sizes() {
        // "n/a", "k.A.", "N/D" say nothing: their status-unknown cue decides, not which
        // class the training notes hold most of.
        for note in ["n/a", "k.A.", "N/D", "n/d"] {
            let s = engine().suggest(note, Service::resolve("exchange"));
            assert_eq!(s.proposals[0].l1, L1::StatusUnknown, "{note}");
        }
    }

    #[test]
    fn the_same_note_gets_the_same_answer() {
        let a = engine().suggest("Kunde reagiert nicht, 4 Versuche", None);
        let b = engine().suggest("Kunde reagiert nicht, 4 Versuche", None);
        assert_eq!(a, b);
    }
}
