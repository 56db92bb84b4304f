//! The four languages entrack speaks, and how a language is chosen from `--lang` or `LANG`.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A user-interface language. Chinese means Simplified Chinese (zh-Hans).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    De,
    Es,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::De, Lang::Es, Lang::Zh];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Es => "es",
            Lang::Zh => "zh",
        }
    }

    /// BCP 47 tag used for formatting.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Es => "es",
            Lang::Zh => "zh-Hans",
        }
    }

    /// Reads a locale as found in `LANG` (`de_DE.UTF-8`), a BCP 47 tag (`zh-Hans-CN`) or a
    /// plain code. Returns `None` for anything that is not one of the four languages.
    pub fn from_locale(s: &str) -> Option<Lang> {
        let s = s.trim();
        let primary = s
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "de" => Some(Lang::De),
            "es" => Some(Lang::Es),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::from_locale(s)
            .ok_or_else(|| format!("unknown language `{s}` (expected en, de, es or zh)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_locales() {
        assert_eq!(Lang::from_locale("de_DE.UTF-8"), Some(Lang::De));
        assert_eq!(Lang::from_locale("zh-Hans"), Some(Lang::Zh));
        assert_eq!(Lang::from_locale("zh_CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_locale("es"), Some(Lang::Es));
        assert_eq!(Lang::from_locale("C.UTF-8"), None);
        assert_eq!(Lang::from_locale(""), None);
    }
}
