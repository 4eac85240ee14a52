//! Numbers, money, dates, times and units the synthesisers read wrong, turned into words.
//! espeak-ng reads these itself, and Piper reads them through espeak-ng, so one set of rules
//! serves both; each rule fixes only what espeak-ng gets wrong (docs/voices.md has the table,
//! and the tests hold espeak-ng's own reading of every case next to ours).

use std::sync::OnceLock;

use regex::{Captures, Regex};

use crate::lang::Lang;
use crate::numbers::{cardinal, Gender};

/// A rule: a pattern matched at a word's start, and what it is said as.
pub(crate) struct Rule {
    pub name: &'static str,
    pattern: Regex,
    say: fn(&Captures<'_>, Lang) -> Option<String>,
}

impl Rule {
    /// What the rule says for `text` (which follows `before` in the line), and the length it
    /// replaces.
    pub fn apply(&self, before: &str, text: &str, lang: Lang) -> Option<(usize, String)> {
        let caps = self.pattern.captures(text)?;
        let whole = caps.get(0)?;
        // A number and a single letter after a word that numbers things is a label ("Item 3
        // A", "Figure 2 B"), not amperes or bytes.
        if caps.name("unit").is_some_and(|u| u.as_str().len() == 1)
            && labels(before, &text[whole.end()..], lang)
        {
            return None;
        }
        // Whole words only: "10 kgf" is not "10 kg"; nor a part of a longer number ("$2.5.3").
        let mut after = text[whole.end()..].chars();
        match (after.next(), after.next()) {
            (Some(c), _) if c.is_alphanumeric() => return None,
            (Some('.' | ','), Some(d)) if d.is_ascii_digit() => return None,
            _ => {}
        }
        Some((whole.end(), (self.say)(&caps, lang)?))
    }
}

/// A unit: its symbols, its name in the singular and the plural, and its gender.
struct Unit {
    symbols: &'static [&'static str],
    one: &'static str,
    many: &'static str,
    gender: Gender,
}

const fn u(
    symbols: &'static [&'static str],
    one: &'static str,
    many: &'static str,
    gender: Gender,
) -> Unit {
    Unit {
        symbols,
        one,
        many,
        gender,
    }
}

use Gender::{Feminine as F, Masculine as M};

const PT_UNITS: &[Unit] = &[
    u(&["km/h"], "quilômetro por hora", "quilômetros por hora", M),
    u(&["kWh"], "quilowatt-hora", "quilowatts-hora", M),
    u(&["m²", "m2"], "metro quadrado", "metros quadrados", M),
    u(&["m³", "m3"], "metro cúbico", "metros cúbicos", M),
    u(&["°C", "ºC"], "grau Celsius", "graus Celsius", M),
    u(&["°F", "ºF"], "grau Fahrenheit", "graus Fahrenheit", M),
    u(&["kg"], "quilograma", "quilogramas", M),
    u(&["mg"], "miligrama", "miligramas", M),
    u(&["g"], "grama", "gramas", M),
    u(&["t"], "tonelada", "toneladas", F),
    u(&["km"], "quilômetro", "quilômetros", M),
    u(&["cm"], "centímetro", "centímetros", M),
    u(&["mm"], "milímetro", "milímetros", M),
    u(&["m"], "metro", "metros", M),
    u(&["kV"], "quilovolt", "quilovolts", M),
    u(&["V"], "volt", "volts", M),
    u(&["mA"], "miliampère", "miliampères", M),
    u(&["A"], "ampère", "ampères", M),
    u(&["kW"], "quilowatt", "quilowatts", M),
    u(&["W"], "watt", "watts", M),
    u(&["kHz"], "quilo-hertz", "quilo-hertz", M),
    u(&["MHz"], "mega-hertz", "mega-hertz", M),
    u(&["Hz"], "hertz", "hertz", M),
    u(&["dB"], "decibel", "decibéis", M),
    u(&["mL", "ml"], "mililitro", "mililitros", M),
    u(&["L", "l"], "litro", "litros", M),
    u(&["min"], "minuto", "minutos", M),
    u(&["ms"], "milissegundo", "milissegundos", M),
    u(&["GB"], "gigabyte", "gigabytes", M),
    u(&["MB"], "megabyte", "megabytes", M),
];

const EN_UNITS: &[Unit] = &[
    u(&["km/h"], "kilometer per hour", "kilometers per hour", M),
    u(&["mph"], "mile per hour", "miles per hour", M),
    u(&["kWh"], "kilowatt-hour", "kilowatt-hours", M),
    u(&["m²", "m2"], "square meter", "square meters", M),
    u(&["m³", "m3"], "cubic meter", "cubic meters", M),
    u(&["°C", "ºC"], "degree Celsius", "degrees Celsius", M),
    u(&["°F", "ºF"], "degree Fahrenheit", "degrees Fahrenheit", M),
    u(&["kg"], "kilogram", "kilograms", M),
    u(&["mg"], "milligram", "milligrams", M),
    u(&["g"], "gram", "grams", M),
    u(&["km"], "kilometer", "kilometers", M),
    u(&["cm"], "centimeter", "centimeters", M),
    u(&["mm"], "millimeter", "millimeters", M),
    u(&["m"], "meter", "meters", M),
    u(&["kV"], "kilovolt", "kilovolts", M),
    u(&["V"], "volt", "volts", M),
    u(&["mA"], "milliamp", "milliamps", M),
    u(&["A"], "amp", "amps", M),
    u(&["kW"], "kilowatt", "kilowatts", M),
    u(&["W"], "watt", "watts", M),
    u(&["kHz"], "kilohertz", "kilohertz", M),
    u(&["MHz"], "megahertz", "megahertz", M),
    u(&["Hz"], "hertz", "hertz", M),
    u(&["dB"], "decibel", "decibels", M),
    u(&["mL", "ml"], "milliliter", "milliliters", M),
    u(&["L"], "liter", "liters", M),
    u(&["min"], "minute", "minutes", M),
    u(&["ms"], "millisecond", "milliseconds", M),
    u(&["GB"], "gigabyte", "gigabytes", M),
    u(&["MB"], "megabyte", "megabytes", M),
];

/// Feminine nouns training texts count ("2 horas" is "duas horas", not "dois horas").
const PT_FEMININE: &[&str] = &[
    "hora",
    "horas",
    "pessoa",
    "pessoas",
    "vez",
    "vezes",
    "semana",
    "semanas",
    "tonelada",
    "toneladas",
    "página",
    "páginas",
    "etapa",
    "etapas",
    "regra",
    "regras",
    "norma",
    "normas",
    "empresa",
    "empresas",
    "aula",
    "aulas",
    "camada",
    "camadas",
    "máquina",
    "máquinas",
    "questão",
    "questões",
    "polegada",
    "polegadas",
    "caixa",
    "caixas",
    "unidade",
    "unidades",
    "vítima",
    "vítimas",
    "área",
    "áreas",
    "equipe",
    "equipes",
    "mão",
    "mãos",
    "linha",
    "linhas",
];

const PT_MONTHS: [&str; 12] = [
    "janeiro",
    "fevereiro",
    "março",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Words that number things rather than measure them.
const PT_LABELS: &[&str] = &[
    "item",
    "itens",
    "seção",
    "anexo",
    "figura",
    "tabela",
    "capítulo",
    "artigo",
    "inciso",
    "alínea",
    "passo",
    "etapa",
    "fase",
    "nível",
    "classe",
    "grupo",
    "tipo",
    "modelo",
    "slide",
    "página",
    "questão",
    "exercício",
    "módulo",
    "aula",
    "sala",
    "bloco",
    "zona",
    "lote",
    "quadro",
    "parte",
    "nr",
    "opção",
    "alternativa",
    "ala",
];
const EN_LABELS: &[&str] = &[
    "item", "items", "section", "annex", "appendix", "figure", "table", "chapter", "article",
    "stage", "phase", "level", "class", "group", "type", "model", "slide", "page", "question",
    "exercise", "module", "lesson", "room", "block", "zone", "part", "option", "wing", "lot",
];

/// Words that may number things or lead into a measure ("Caso 1 A: sem energia", "neste caso
/// 2 A passam"): a label when written with a capital, or when a colon or a bracket follows.
const PT_MAYBE_LABELS: &[&str] = &["caso", "exemplo", "andar"];
const EN_MAYBE_LABELS: &[&str] = &["case", "example", "step", "floor"];

/// Whether the last word of `before` numbers things (`Item` in "Item 3 A"); `after` follows
/// the number and its letter.
fn labels(before: &str, after: &str, lang: Lang) -> bool {
    let written: String = before
        .trim_end()
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let word: String = written.chars().flat_map(char::to_lowercase).collect();
    let (sure, maybe) = match lang {
        Lang::PtBr => (PT_LABELS, PT_MAYBE_LABELS),
        Lang::EnUs | Lang::EnGb => (EN_LABELS, EN_MAYBE_LABELS),
    };
    if sure.contains(&word.as_str()) {
        return true;
    }
    maybe.contains(&word.as_str())
        && (written.starts_with(char::is_uppercase) || after.trim_start().starts_with([':', ')']))
}

/// The days of `month` (1–12) in `year`.
fn days_in(month: u32, year: u64) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Alternatives longest first: a regex alternation takes the first that matches ("hora" before
/// "horas" would stop short of the whole word).
fn longest_first<'a>(words: &[&'a str]) -> Vec<&'a str> {
    let mut words = words.to_vec();
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    words
}

fn units(lang: Lang) -> &'static [Unit] {
    match lang {
        Lang::PtBr => PT_UNITS,
        Lang::EnUs | Lang::EnGb => EN_UNITS,
    }
}

/// An integer written with or without thousands separators (`.` in Portuguese, `,` in English).
/// Below a thousand trillion (the largest the number names go): a longer number is left to the
/// synthesiser, never cut short.
fn integer(digits: &str, lang: Lang) -> Option<u64> {
    let sep = if lang == Lang::PtBr { '.' } else { ',' };
    digits
        .replace(sep, "")
        .parse()
        .ok()
        .filter(|&n: &u64| n < 1_000_000_000_000_000)
}

/// "de " after a round million, billion or trillion, as Portuguese says it before a noun ("um
/// milhão de reais", "dois milhões de pessoas").
fn of(number: &str) -> &'static str {
    let round = [
        "milhão",
        "milhões",
        "bilhão",
        "bilhões",
        "trilhão",
        "trilhões",
    ]
    .iter()
    .any(|w| number.ends_with(w));
    if round {
        "de "
    } else {
        ""
    }
}

/// "menos " when the number was written with a minus sign (Portuguese rules take the sign with
/// the number: said without it, "-10 °C" became "dez graus Celsius").
fn sign(c: &Captures<'_>) -> &'static str {
    if c.name("neg").is_some() {
        "menos "
    } else {
        ""
    }
}

/// A Portuguese number with its decimals, in words ("um vírgula cinco", "zero vírgula zero
/// cinco": leading zeros of the decimals are read one by one).
fn pt_number(int: u64, decimals: Option<&str>, gender: Gender) -> String {
    let mut words = cardinal(int, gender);
    if let Some(d) = decimals.filter(|d| !d.is_empty()) {
        let zeros = d.len() - d.trim_start_matches('0').len();
        words.push_str(" vírgula");
        for _ in 0..zeros {
            words.push_str(" zero");
        }
        let rest = &d[zeros..];
        if let Ok(n) = rest.parse::<u64>() {
            words.push(' ');
            words.push_str(&cardinal(n, Gender::Masculine));
        }
    }
    words
}

fn unit_of(symbol: &str, lang: Lang) -> Option<&'static Unit> {
    units(lang).iter().find(|u| u.symbols.contains(&symbol))
}

fn say_unit(c: &Captures<'_>, lang: Lang) -> Option<String> {
    let unit = unit_of(c.name("unit")?.as_str(), lang)?;
    let digits = c.name("int")?.as_str();
    let decimals = c.name("dec").map(|d| d.as_str());
    let int = integer(digits, lang)?;
    let one = int == 1 && decimals.is_none_or(|d| d.trim_matches('0').is_empty());
    let name = if one { unit.one } else { unit.many };
    Some(match lang {
        Lang::PtBr => {
            let number = pt_number(int, decimals, unit.gender);
            format!("{}{number} {}{name}", sign(c), of(&number))
        }
        // espeak-ng reads English numbers well: only the unit is spelled out.
        Lang::EnUs | Lang::EnGb => {
            let number = match decimals {
                Some(d) => format!("{digits}.{d}"),
                None => digits.to_owned(),
            };
            let name = if lang == Lang::EnGb {
                name.replace("meter", "metre").replace("liter", "litre")
            } else {
                name.to_owned()
            };
            format!("{number} {name}")
        }
    })
}

fn say_money(c: &Captures<'_>, lang: Lang) -> Option<String> {
    let int = integer(c.name("int")?.as_str(), lang)?;
    // One decimal is tens of cents: "R$ 1,5" is one real and fifty cents.
    let cents: u64 = match c.name("cents").map(|m| m.as_str()) {
        None => 0,
        Some(d) if d.len() == 1 => d.parse::<u64>().ok()? * 10,
        Some(d) => d.parse().ok()?,
    };
    let (one, many, cent, cents_word, and) = match lang {
        Lang::PtBr => ("real", "reais", "centavo", "centavos", "e"),
        Lang::EnUs | Lang::EnGb => ("dollar", "dollars", "cent", "cents", "and"),
    };
    let number = |n: u64| match lang {
        Lang::PtBr => cardinal(n, Gender::Masculine),
        Lang::EnUs | Lang::EnGb => n.to_string(),
    };
    // English digits as written ("1,500"): espeak-ng reads them well.
    let whole_number = match lang {
        Lang::PtBr => number(int),
        Lang::EnUs | Lang::EnGb => c.name("int")?.as_str().to_owned(),
    };
    let whole = format!(
        "{whole_number} {}{}",
        of(&whole_number),
        if int == 1 { one } else { many }
    );
    let part = format!(
        "{} {}",
        number(cents),
        if cents == 1 { cent } else { cents_word }
    );
    Some(match (int, cents) {
        (_, 0) => whole,
        (0, _) => part,
        _ => format!("{whole} {and} {part}"),
    })
}

/// Money counted in thousands, millions, …: "R$ 1,5 milhão" is "um vírgula cinco milhão de
/// reais" (never one real and fifty cents), "$2.5 million" is "2.5 million dollars".
fn say_money_scaled(c: &Captures<'_>, lang: Lang) -> Option<String> {
    let digits = c.name("int")?.as_str();
    let int = integer(digits, lang)?;
    let decimals = c.name("dec").map(|d| d.as_str());
    let scale = c.name("scale")?.as_str();
    Some(match lang {
        Lang::PtBr => {
            let number = pt_number(int, decimals, Gender::Masculine);
            let of = if scale == "mil" { "" } else { "de " };
            format!("{number} {scale} {of}reais")
        }
        Lang::EnUs | Lang::EnGb => {
            let number = match decimals {
                Some(d) => format!("{digits}.{d}"),
                None => digits.to_owned(),
            };
            format!("{number} {scale} dollars")
        }
    })
}

fn say_date(c: &Captures<'_>, lang: Lang) -> Option<String> {
    let a: u32 = c.name("a")?.as_str().parse().ok()?;
    let b: u32 = c.name("b")?.as_str().parse().ok()?;
    let year: u64 = c.name("y")?.as_str().parse().ok()?;
    // Day first, except in American English.
    let (day, month) = if lang == Lang::EnUs { (b, a) } else { (a, b) };
    // Not a day of the calendar (31/02, 29/02/2023): not a date, and kept whole as written
    // (no other rule reads its year alone).
    if !(1..=12).contains(&month) || !(1..=days_in(month, year)).contains(&day) {
        return Some(c.get(0)?.as_str().to_owned());
    }
    let m = month as usize - 1;
    Some(match lang {
        Lang::PtBr => {
            let day = if day == 1 {
                "primeiro".to_owned()
            } else {
                cardinal(u64::from(day), Gender::Masculine)
            };
            format!(
                "{day} de {} de {}",
                PT_MONTHS[m],
                cardinal(year, Gender::Masculine)
            )
        }
        Lang::EnUs => format!("{} {day}, {year}", EN_MONTHS[m]),
        Lang::EnGb => format!("{day} {} {year}", EN_MONTHS[m]),
    })
}

fn say_pt_time(c: &Captures<'_>, _: Lang) -> Option<String> {
    let h: u64 = c.name("h")?.as_str().parse().ok()?;
    let m: u64 = c.name("m").map_or(Some(0), |m| m.as_str().parse().ok())?;
    if h > 24 || m > 59 {
        return None;
    }
    let hours = format!(
        "{} {}",
        cardinal(h, Gender::Feminine),
        if h == 1 { "hora" } else { "horas" }
    );
    Some(if m == 0 {
        hours
    } else {
        format!(
            "{hours} e {} {}",
            cardinal(m, Gender::Masculine),
            if m == 1 { "minuto" } else { "minutos" }
        )
    })
}

fn say_en_time(c: &Captures<'_>, _: Lang) -> Option<String> {
    let h: u64 = c.name("h")?.as_str().parse().ok()?;
    let m: u64 = c.name("m")?.as_str().parse().ok()?;
    (h <= 24 && m <= 9).then(|| format!("{h} oh {m}"))
}

fn say_pt_counted(c: &Captures<'_>, lang: Lang) -> Option<String> {
    let int = integer(c.name("int")?.as_str(), lang)?;
    let noun = c.name("noun")?.as_str();
    let number = cardinal(int, Gender::Feminine);
    Some(format!("{}{number} {}{noun}", sign(c), of(&number)))
}

fn say_pt_number(c: &Captures<'_>, lang: Lang) -> Option<String> {
    let int = integer(c.name("int")?.as_str(), lang)?;
    let decimals = c.name("dec").map(|d| d.as_str());
    // Below a thousand espeak-ng reads Portuguese numbers right; above it, it drops the "e" of
    // "mil e quinhentos".
    (int >= 1000).then(|| format!("{}{}", sign(c), pt_number(int, decimals, Gender::Masculine)))
}

/// The rules of `lang`, in the order they are tried at each word.
pub(crate) fn rules(lang: Lang) -> &'static [Rule] {
    static PT: OnceLock<Vec<Rule>> = OnceLock::new();
    static EN: OnceLock<Vec<Rule>> = OnceLock::new();
    let symbols = |list: &[Unit]| {
        let all: Vec<&str> = list
            .iter()
            .flat_map(|u| u.symbols.iter().copied())
            .collect();
        // Longest first: "km/h" before "km", "mA" before "m".
        longest_first(&all)
            .iter()
            .map(|s| regex::escape(s))
            .collect::<Vec<_>>()
            .join("|")
    };
    let rule = |name, pattern: &str, say| Rule {
        name,
        pattern: Regex::new(&format!("^(?:{pattern})")).expect("a rule's pattern"),
        say,
    };
    match lang {
        Lang::PtBr => PT.get_or_init(|| {
            vec![
                rule(
                    "money",
                    r"R\$\s?(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:[,.](?P<dec>\d+))?\s(?P<scale>milhões|milhão|bilhões|bilhão|trilhões|trilhão|mil)",
                    say_money_scaled,
                ),
                rule(
                    "money",
                    // Cents after a dot too ("R$ 1.50"): a group of thousands has three digits.
                    r"R\$\s?(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:[,.](?P<cents>\d{1,2}))?",
                    say_money,
                ),
                rule(
                    "date",
                    r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})",
                    say_date,
                ),
                rule(
                    "time",
                    r"(?P<h>\d{1,2})h(?:(?P<m>\d{2})(?:\s?min)?)?",
                    say_pt_time,
                ),
                rule(
                    "unit",
                    &format!(
                        r"(?P<neg>[-−])?(?P<int>\d{{1,3}}(?:\.\d{{3}})+|\d+)(?:,(?P<dec>\d+))?\s?(?P<unit>{})",
                        symbols(PT_UNITS)
                    ),
                    say_unit,
                ),
                rule(
                    "feminine",
                    &format!(
                        r"(?P<neg>[-−])?(?P<int>\d{{1,3}}(?:\.\d{{3}})+|\d+)\s(?P<noun>{})",
                        longest_first(PT_FEMININE).join("|")
                    ),
                    say_pt_counted,
                ),
                rule(
                    "number",
                    r"(?P<neg>[-−])?(?P<int>[1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d{3,14})(?:,(?P<dec>\d+))?",
                    say_pt_number,
                ),
            ]
        }),
        Lang::EnUs | Lang::EnGb => EN.get_or_init(|| {
            vec![
                rule(
                    "money",
                    r"\$\s?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d+))?\s(?P<scale>thousand|million|billion|trillion)",
                    say_money_scaled,
                ),
                rule(
                    "money",
                    r"\$\s?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<cents>\d{1,2}))?",
                    say_money,
                ),
                rule(
                    "date",
                    r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})",
                    say_date,
                ),
                rule("time", r"(?P<h>\d{1,2}):0(?P<m>\d)", say_en_time),
                rule(
                    "unit",
                    &format!(
                        r"(?P<int>\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.(?P<dec>\d+))?\s?(?P<unit>{})",
                        symbols(EN_UNITS)
                    ),
                    say_unit,
                ),
            ]
        }),
    }
}
