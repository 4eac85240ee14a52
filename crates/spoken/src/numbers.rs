//! Brazilian Portuguese cardinals in words, with the gender of what they count: espeak-ng
//! (and Piper, which reads numbers through it) says "dois horas" and "mil quinhentos" where
//! Portuguese says "duas horas" and "mil e quinhentos".

const UNITS_M: [&str; 10] = [
    "zero", "um", "dois", "três", "quatro", "cinco", "seis", "sete", "oito", "nove",
];
const TEENS: [&str; 10] = [
    "dez",
    "onze",
    "doze",
    "treze",
    "catorze",
    "quinze",
    "dezesseis",
    "dezessete",
    "dezoito",
    "dezenove",
];
const TENS: [&str; 10] = [
    "",
    "",
    "vinte",
    "trinta",
    "quarenta",
    "cinquenta",
    "sessenta",
    "setenta",
    "oitenta",
    "noventa",
];
const HUNDREDS: [&str; 10] = [
    "",
    "cento",
    "duzentos",
    "trezentos",
    "quatrocentos",
    "quinhentos",
    "seiscentos",
    "setecentos",
    "oitocentos",
    "novecentos",
];

/// Whether what is counted is a feminine noun ("duas horas", "uma pessoa").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Masculine,
    Feminine,
}

fn unit(n: u64, gender: Gender) -> &'static str {
    match (n, gender) {
        (1, Gender::Feminine) => "uma",
        (2, Gender::Feminine) => "duas",
        _ => UNITS_M[n as usize],
    }
}

/// 1..=999 in words.
fn below_thousand(n: u64, gender: Gender) -> String {
    debug_assert!((1..1000).contains(&n));
    if n == 100 {
        return "cem".to_owned();
    }
    let mut parts: Vec<String> = Vec::new();
    let (h, rest) = (n / 100, n % 100);
    if h > 0 {
        let word = HUNDREDS[h as usize];
        parts.push(match gender {
            // "duzentas", "trezentas"...: all but "cento" agree.
            Gender::Feminine if h > 1 => format!("{}as", &word[..word.len() - 2]),
            _ => word.to_owned(),
        });
    }
    if rest > 0 {
        parts.push(match rest {
            1..=9 => unit(rest, gender).to_owned(),
            10..=19 => TEENS[(rest - 10) as usize].to_owned(),
            _ if rest % 10 == 0 => TENS[(rest / 10) as usize].to_owned(),
            _ => format!(
                "{} e {}",
                TENS[(rest / 10) as usize],
                unit(rest % 10, gender)
            ),
        });
    }
    parts.join(" e ")
}

/// `n` in words, agreeing with `gender` ("duas mil pessoas"; millions and up are nouns of
/// their own and stay masculine: "dois milhões de pessoas").
pub fn cardinal(n: u64, gender: Gender) -> String {
    if n == 0 {
        return "zero".to_owned();
    }
    // Groups of three digits, the lowest first, with the word of each scale.
    const SCALES: [(&str, &str); 5] = [
        ("", ""),
        ("mil", "mil"),
        ("milhão", "milhões"),
        ("bilhão", "bilhões"),
        ("trilhão", "trilhões"),
    ];
    let mut groups = Vec::new();
    let mut rest = n;
    while rest > 0 {
        groups.push(rest % 1000);
        rest /= 1000;
    }
    let mut words: Vec<String> = Vec::new();
    for (scale, &g) in groups.iter().enumerate().rev() {
        if g == 0 {
            continue;
        }
        let gender = if scale <= 1 {
            gender
        } else {
            Gender::Masculine
        };
        let spoken = match scale {
            0 => below_thousand(g, gender),
            // "mil", never "um mil".
            1 if g == 1 => "mil".to_owned(),
            1 => format!("{} mil", below_thousand(g, gender)),
            s => {
                let (one, many) = SCALES.get(s).copied().unwrap_or(("", ""));
                format!(
                    "{} {}",
                    below_thousand(g, gender),
                    if g == 1 { one } else { many }
                )
            }
        };
        words.push(spoken);
    }
    // The last group joins with "e" when it is below a hundred or whole hundreds ("mil e
    // quinhentos", "mil e cinquenta"; "mil quinhentos e cinquenta").
    let last = groups.iter().copied().find(|g| *g > 0).unwrap_or(0);
    if words.len() > 1 && (last < 100 || last % 100 == 0) {
        let tail = words.pop().unwrap_or_default();
        return format!("{} e {tail}", words.join(" "));
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::{cardinal, Gender::*};

    #[test]
    fn cardinals_read_as_portuguese_says_them() {
        for (n, m, f) in [
            (0, "zero", "zero"),
            (1, "um", "uma"),
            (2, "dois", "duas"),
            (12, "doze", "doze"),
            (21, "vinte e um", "vinte e uma"),
            (22, "vinte e dois", "vinte e duas"),
            (100, "cem", "cem"),
            (101, "cento e um", "cento e uma"),
            (200, "duzentos", "duzentas"),
            (
                532,
                "quinhentos e trinta e dois",
                "quinhentas e trinta e duas",
            ),
            (1000, "mil", "mil"),
            (1050, "mil e cinquenta", "mil e cinquenta"),
            (1500, "mil e quinhentos", "mil e quinhentas"),
            (
                1550,
                "mil quinhentos e cinquenta",
                "mil quinhentas e cinquenta",
            ),
            (2000, "dois mil", "duas mil"),
            (
                2024,
                "dois mil e vinte e quatro",
                "duas mil e vinte e quatro",
            ),
            (21_000, "vinte e um mil", "vinte e uma mil"),
            (1_000_000, "um milhão", "um milhão"),
            (2_000_000, "dois milhões", "dois milhões"),
            (2_001_000, "dois milhões e mil", "dois milhões e mil"),
            (
                3_250_000,
                "três milhões duzentos e cinquenta mil",
                "três milhões duzentas e cinquenta mil",
            ),
        ] {
            assert_eq!(cardinal(n, Masculine), m, "{n}");
            assert_eq!(cardinal(n, Feminine), f, "{n}");
        }
    }
}
