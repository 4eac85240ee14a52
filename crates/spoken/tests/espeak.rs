//! The spoken forms checked against the real espeak-ng (`-x`: its phonemes): each rule and
//! each shipped entry changes what espeak-ng would have said (it fixes something espeak-ng gets
//! wrong, and nothing it already gets right), and a line with an entry sounds as the same line
//! written in the entry's respelling.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use estudio_spoken::{shipped, Engine, Entry, Lang, Origin, Pronouncer};

fn phonemes(voice: &str, text: &str) -> String {
    let out = std::process::Command::new("espeak-ng")
        .args(["-v", voice, "-q", "-x", text])
        .output()
        .expect("espeak-ng runs (make test installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn voice(lang: Lang) -> &'static str {
    match lang {
        Lang::PtBr => "pt-br",
        Lang::EnUs => "en-us",
        Lang::EnGb => "en-gb",
    }
}

fn pronouncer(lang: Lang) -> Pronouncer {
    Pronouncer::new(Some(lang), Engine::Espeak, &[], &[])
}

/// Every rule's cases: what is written, what is said. Each is also checked to differ from
/// espeak-ng's own reading (docs/voices.md shows the same table).
const CASES: &[(Lang, &str, &str)] = &[
    (Lang::PtBr, "10 kg", "dez quilogramas"),
    (Lang::PtBr, "1 kg", "um quilograma"),
    (Lang::PtBr, "1,5 m", "um vírgula cinco metros"),
    (Lang::PtBr, "25 °C", "vinte e cinco graus Celsius"),
    (Lang::PtBr, "2 m²", "dois metros quadrados"),
    (Lang::PtBr, "380 V", "trezentos e oitenta volts"),
    (Lang::PtBr, "2 t", "duas toneladas"),
    (Lang::PtBr, "80 dB", "oitenta decibéis"),
    (Lang::PtBr, "60 km/h", "sessenta quilômetros por hora"),
    (Lang::PtBr, "R$ 1.500,00", "mil e quinhentos reais"),
    (Lang::PtBr, "R$ 1,00", "um real"),
    (Lang::PtBr, "R$ 0,50", "cinquenta centavos"),
    // One decimal is tens of cents (a review found "R$ 1,5" said as "um real,5").
    (Lang::PtBr, "R$ 1,5", "um real e cinquenta centavos"),
    (
        Lang::PtBr,
        "R$ 2.350,75",
        "dois mil trezentos e cinquenta reais e setenta e cinco centavos",
    ),
    (
        Lang::PtBr,
        "12/03/2024",
        "doze de março de dois mil e vinte e quatro",
    ),
    (
        Lang::PtBr,
        "1/5/2025",
        "primeiro de maio de dois mil e vinte e cinco",
    ),
    (Lang::PtBr, "10h30", "dez horas e trinta minutos"),
    (Lang::PtBr, "10h30min", "dez horas e trinta minutos"),
    (Lang::PtBr, "10h30 min", "dez horas e trinta minutos"),
    // Counted in millions, not cents (a review found "R$ 1,5 milhão" said as "um real e
    // cinquenta centavos milhão").
    (
        Lang::PtBr,
        "R$ 1,5 milhão",
        "um vírgula cinco milhão de reais",
    ),
    (Lang::PtBr, "R$ 2 milhões", "dois milhões de reais"),
    (Lang::PtBr, "R$ 1,5 mil", "um vírgula cinco mil reais"),
    (Lang::PtBr, "2h", "duas horas"),
    (Lang::PtBr, "2 horas", "duas horas"),
    (Lang::PtBr, "22 pessoas", "vinte e duas pessoas"),
    (Lang::PtBr, "1.500", "mil e quinhentos"),
    (Lang::PtBr, "1500", "mil e quinhentos"),
    // The sign goes with the number (a review found "-10 °C" said as "dez graus Celsius").
    (Lang::PtBr, "-10 °C", "menos dez graus Celsius"),
    (Lang::PtBr, "−2 pessoas", "menos duas pessoas"),
    (Lang::PtBr, "-1.500", "menos mil e quinhentos"),
    (Lang::PtBr, "R$ 1.000.000,00", "um milhão de reais"),
    (Lang::PtBr, "2.000.000 pessoas", "dois milhões de pessoas"),
    (Lang::PtBr, "3.000.000 t", "três milhões de toneladas"),
    // Cents after a dot: a group of thousands has three digits.
    (Lang::PtBr, "R$ 1.50", "um real e cinquenta centavos"),
    (
        Lang::PtBr,
        "29/02/2024",
        "vinte e nove de fevereiro de dois mil e vinte e quatro",
    ),
    // A number and a single letter is a unit when no word before it numbers things.
    (Lang::PtBr, "Use 3 A", "Use três ampères"),
    // ... and words that lead into a measure do not (a review found "andar 10 m" unread).
    (Lang::PtBr, "andar 10 m", "andar dez metros"),
    (
        Lang::EnUs,
        "In this case 2 A flows",
        "In this case 2 amps flows",
    ),
    // After a slash, a measure is still read (a review found "127/220 V" left as "vê").
    (Lang::PtBr, "127/220 V", "127/duzentos e vinte volts"),
    // Millions with a dot for the decimal, as with a comma.
    (
        Lang::PtBr,
        "R$ 1.5 milhão",
        "um vírgula cinco milhão de reais",
    ),
    (Lang::EnUs, "10 kg", "10 kilograms"),
    (Lang::EnUs, "1 kg", "1 kilogram"),
    (Lang::EnUs, "25 °C", "25 degrees Celsius"),
    (Lang::EnUs, "2 m²", "2 square meters"),
    (Lang::EnUs, "380 V", "380 volts"),
    (Lang::EnUs, "5 km/h", "5 kilometers per hour"),
    (Lang::EnUs, "$1,500.00", "1,500 dollars"),
    (Lang::EnUs, "$1,500.50", "1,500 dollars and 50 cents"),
    (Lang::EnUs, "$2.5", "2 dollars and 50 cents"),
    (Lang::EnUs, "$2.5 million", "2.5 million dollars"),
    (Lang::EnUs, "12/03/2024", "December 3, 2024"),
    (Lang::EnGb, "12/03/2024", "12 March 2024"),
    (Lang::EnUs, "10:05", "10 oh 5"),
];

#[test]
fn each_rule_case_is_said_as_written_here_and_espeak_alone_said_it_otherwise() {
    let mut wrong = Vec::new();
    for &(lang, written, said) in CASES {
        let spoken = pronouncer(lang).spoken(written);
        if spoken.text != said {
            wrong.push(format!(
                "{written:?} ({lang:?}) is said {:?}, not {said:?}",
                spoken.text
            ));
            continue;
        }
        let v = voice(lang);
        if phonemes(v, written) == phonemes(v, said) {
            wrong.push(format!(
                "{written:?} ({lang:?}): espeak-ng already says it right; no rule needed"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn what_espeak_already_says_right_is_left_alone() {
    for (lang, text) in [
        (Lang::PtBr, "50%"),
        (Lang::PtBr, "1º lugar"),
        (Lang::PtBr, "a 2ª etapa"),
        (Lang::PtBr, "3,5"),
        (Lang::PtBr, "NR-35"),
        (Lang::PtBr, "35 metros"),
        (Lang::PtBr, "de 3 a 5 lâmpadas"),
        (Lang::PtBr, "item 3,1500"),
        // No such day: not read as a date (a review found "31/02/2024" said as one).
        (Lang::PtBr, "31/02/2024"),
        (Lang::PtBr, "29/02/2023"),
        (Lang::EnUs, "02/30/2024"),
        // After "5/", no date nor a year alone (a second review found "131/02/2024" read so).
        (Lang::PtBr, "Ref 131/02/2024 ok"),
        (Lang::PtBr, "Ref 5/29/02/2024 ok"),
        // A word that may be a label is one with a capital, or before a colon.
        (Lang::PtBr, "Caso 1 A: sem energia"),
        (Lang::PtBr, "no caso 1 A: sem energia"),
        (Lang::EnUs, "Example 2 A"),
        // A number and a single letter after a word that numbers things is a label.
        (Lang::PtBr, "Item 3 A"),
        (Lang::PtBr, "veja a Figura 2 B"),
        (Lang::EnUs, "see Section 4 A"),
        // Past the number names: left to espeak-ng, never cut to "um".
        (Lang::PtBr, "1.000.000.000.000.000"),
        (Lang::PtBr, "2.000.000.000.000.000.000 pessoas"),
        (Lang::EnUs, "50%"),
        (Lang::EnUs, "the 3rd floor"),
        (Lang::EnUs, "10:30"),
        (Lang::EnUs, "1,500"),
    ] {
        assert_eq!(pronouncer(lang).spoken(text).text, text, "{lang:?}");
    }
}

#[test]
fn each_shipped_entry_changes_how_espeak_says_its_word_and_is_said_as_written() {
    let mut wrong = Vec::new();
    for lang in [Lang::PtBr, Lang::EnUs] {
        let p = pronouncer(lang);
        for (i, e) in shipped(lang).iter().enumerate() {
            let line = format!("a {} b", e.text);
            let spoken = p.spoken(&line);
            let say = e.say.as_deref().unwrap_or_default();
            if spoken.text != format!("a {say} b")
                || spoken.used.first().map(|u| (u.origin, u.index)) != Some((Origin::Shipped, i))
            {
                wrong.push(format!(
                    "{lang:?} entry {i} ({}): said {:?}",
                    e.text, spoken.text
                ));
                continue;
            }
            let v = voice(lang);
            let said = phonemes(v, say);
            if phonemes(v, &e.text) == said {
                wrong.push(format!(
                    "{lang:?} entry {i} ({}): espeak-ng already says it so",
                    e.text
                ));
            }
            // A lone accented letter is read as its name ("í" as "i agudo").
            if ["ag'udU", "sirkuNfl"]
                .iter()
                .any(|name| said.contains(name))
            {
                wrong.push(format!(
                    "{lang:?} entry {i} ({}): the respelling names an accent: {said}",
                    e.text
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_line_with_an_entry_sounds_as_the_line_written_in_its_respelling() {
    let entries = [Entry {
        text: "NR-35".into(),
        say: Some("ene erre trinta e cinco".into()),
        ..Entry::default()
    }];
    let p = Pronouncer::new(Some(Lang::PtBr), Engine::Espeak, &entries, &[]);
    let line = "Siga a NR-35 em altura.";
    let spoken = p.spoken(line);
    assert_eq!(spoken.used.len(), 1);
    assert_eq!(
        phonemes("pt-br", &spoken.text),
        phonemes("pt-br", "Siga a ene erre trinta e cinco em altura.")
    );
}

#[test]
fn espeak_phonemes_are_spoken_as_given_and_ipa_only_reaches_piper() {
    let entries = [Entry {
        text: "Kubernetes".into(),
        say: Some("cubernétis".into()),
        espeak: Some("kub'e*netSys".into()),
        ipa: Some("kubeɾnˈɛtʃis".into()),
        ..Entry::default()
    }];
    let espeak = Pronouncer::new(Some(Lang::PtBr), Engine::Espeak, &entries, &[]);
    let said = espeak.spoken("use o Kubernetes");
    assert_eq!(said.text, "use o [[kub'e*netSys]]");
    // espeak-ng reads the block as the phonemes themselves.
    assert!(
        phonemes("pt-br", &said.text).contains("kub'e*netSys"),
        "{}",
        phonemes("pt-br", &said.text)
    );
    let piper = Pronouncer::new(Some(Lang::PtBr), Engine::Piper, &entries, &[]);
    assert_eq!(
        piper.spoken("use o Kubernetes").text,
        "use o [[kubeɾnˈɛtʃis]]"
    );
}
