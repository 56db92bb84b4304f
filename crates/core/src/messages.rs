//! Messages in English, German, Spanish and Simplified Chinese (Fluent catalogues under
//! `i18n/`, embedded), and the rendering of violations in one of them.

use crate::lang::Lang;
use crate::model::Field;
use crate::rules::{Arg, Violation, ViolationReport};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::LazyLock;

type Bundle = FluentBundle<FluentResource>;

fn source(lang: Lang) -> &'static str {
    match lang {
        Lang::En => include_str!("../i18n/en.ftl"),
        Lang::De => include_str!("../i18n/de.ftl"),
        Lang::Es => include_str!("../i18n/es.ftl"),
        Lang::Zh => include_str!("../i18n/zh.ftl"),
    }
}

fn build(lang: Lang) -> Bundle {
    let res = FluentResource::try_new(source(lang).to_string())
        .unwrap_or_else(|(_, e)| panic!("i18n/{}.ftl does not parse: {e:?}", lang.code()));
    let id = lang.tag().parse().expect("language tag");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    bundle.set_use_isolating(false);
    bundle.add_resource(res).expect("no duplicate message ids");
    bundle
}

static BUNDLES: LazyLock<[Bundle; 4]> = LazyLock::new(|| {
    [
        build(Lang::En),
        build(Lang::De),
        build(Lang::Es),
        build(Lang::Zh),
    ]
});

fn bundle(lang: Lang) -> &'static Bundle {
    &BUNDLES[Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)]
}

/// Whether a catalogue has a message (used by tests to prove completeness).
pub fn has(lang: Lang, id: &str) -> bool {
    bundle(lang).has_message(id)
}

/// Formats message `id` in `lang`; falls back to English, then to the id itself.
pub fn text(lang: Lang, id: &str, args: &[(&str, String)]) -> String {
    let mut fa = FluentArgs::new();
    for (k, v) in args {
        fa.set(*k, FluentValue::from(v.clone()));
    }
    format_with(lang, id, &fa).unwrap_or_else(|| id.to_string())
}

fn format_with(lang: Lang, id: &str, args: &FluentArgs) -> Option<String> {
    for l in [lang, Lang::En] {
        let b = bundle(l);
        if let Some(pattern) = b.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            let s = b.format_pattern(pattern, Some(args), &mut errors);
            return Some(s.into_owned());
        }
    }
    None
}

/// A field's label in `lang`.
pub fn field_label(lang: Lang, field: Field) -> String {
    text(lang, &format!("field-{}", field.code()), &[])
}

fn separators(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Zh => ("，", "："),
        _ => (", ", ": "),
    }
}

/// The message body of a violation (without location and code).
pub fn body(v: &Violation, lang: Lang) -> String {
    let mut fa = FluentArgs::new();
    fa.set("belongs", "none");
    fa.set("scenario", "-");
    if let Some(value) = &v.value {
        fa.set("value", value.clone());
    }
    if let Some(row) = v.row {
        fa.set("row", row.to_string());
    }
    for (k, a) in &v.args {
        let s = match a {
            Arg::Text(t) => t.clone(),
            Arg::Num(n) => n.to_string(),
            Arg::L1(l1) => l1.name(lang).to_string(),
            Arg::Field(f) => field_label(lang, *f),
            Arg::Messages(list) => list
                .iter()
                .map(|(id, args)| {
                    let args: Vec<(&str, String)> =
                        args.iter().map(|(k, v)| (*k, v.clone())).collect();
                    text(lang, id, &args)
                })
                .collect::<Vec<_>>()
                .join(if lang == Lang::Zh { "；" } else { "; " }),
        };
        fa.set(*k, s);
    }
    format_with(lang, &format!("rule-{}", v.code.code()), &fa)
        .unwrap_or_else(|| v.code.code().to_string())
}

/// The whole line: where, what, and the rule code — e.g.
/// `Row 2, target date (target_date): In Progress needs a target date [target-date-required]`.
pub fn render(v: &Violation, lang: Lang) -> String {
    let (sep, colon) = separators(lang);
    let mut location = Vec::new();
    if let Some(row) = v.row {
        location.push(text(lang, "loc-row", &[("row", row.to_string())]));
    }
    if let Some(field) = v.field {
        location.push(format!("{} ({})", field_label(lang, field), field.code()));
    }
    let location = if location.is_empty() {
        String::new()
    } else {
        format!("{}{colon}", location.join(sep))
    };
    format!("{location}{} [{}]", body(v, lang), v.code.code())
}

/// The wire form of a violation, with its message in `lang`.
pub fn report(v: &Violation, lang: Lang) -> ViolationReport {
    ViolationReport {
        code: v.code.code(),
        row: v.row,
        field: v.field.map(|f| f.code()),
        value: v.value.clone(),
        message: render(v, lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleCode;
    use crate::taxonomy::L1;

    fn full(code: RuleCode) -> Violation {
        let mut v = Violation::new(code)
            .row(3)
            .field(Field::TargetDate)
            .value("x")
            .l1(L1::Blocked);
        for k in [
            "allowed",
            "expected",
            "l2",
            "service",
            "services",
            "today",
            "start",
            "other",
            "length",
            "max",
            "sum",
            "total",
            "classified",
            "role",
            "previous",
            "version",
            "reasons",
        ] {
            v = v.text(k, "7");
        }
        v
    }

    #[test]
    fn every_rule_and_field_has_a_message_in_every_language() {
        for lang in Lang::ALL {
            for code in RuleCode::ALL {
                let id = format!("rule-{}", code.code());
                assert!(has(lang, &id), "{id} missing in {lang}");
                let b = bundle(lang);
                let mut errors = Vec::new();
                let mut fa = FluentArgs::new();
                for (k, a) in &full(*code).args {
                    if let Arg::Text(t) = a {
                        fa.set(*k, t.clone());
                    }
                }
                fa.set("value", "x");
                fa.set("l1", "L");
                fa.set("belongs", "none");
                fa.set("scenario", "-");
                let p = b.get_message(&id).unwrap().value().unwrap();
                b.format_pattern(p, Some(&fa), &mut errors);
                assert!(errors.is_empty(), "{id} in {lang}: {errors:?}");
            }
            for f in Field::ALL {
                assert!(
                    has(lang, &format!("field-{}", f.code())),
                    "field {f} in {lang}"
                );
            }
        }
    }

    #[test]
    fn renders_location_message_and_code() {
        let v = Violation::new(RuleCode::TargetDateRequired)
            .row(2)
            .field(Field::TargetDate)
            .l1(L1::InProgress);
        assert_eq!(
            render(&v, Lang::En),
            "Row 2, target date (target_date): In Progress needs a target date [target-date-required]"
        );
        assert_eq!(
            render(&v, Lang::De),
            "Zeile 2, Zieldatum (target_date): In Bearbeitung braucht ein Zieldatum [target-date-required]"
        );
        assert_eq!(
            render(&v, Lang::Zh),
            "第 2 行，目标日期 (target_date)：进行中 需要目标日期 [target-date-required]"
        );
    }
}
