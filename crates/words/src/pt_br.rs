//! O catálogo em português do Brasil.

use crate::format::list;
use crate::message::{
    Cause, EditWhy, FileLooks, MediaWhy, Message, OpenWhy, OutputWhy, Pointed, PresetName, Status,
    Takes, Unit,
};
use crate::Lang;

const L: Lang = Lang::PtBr;

fn n(v: f64) -> String {
    L.num(v)
}

/// A scene as the user counts it, and as the pointer does: "cena 4 (/scenes/3)".
/// A field of the project format as a Portuguese reader names it, its key after it
/// (`duração (duration)`); the key alone when it has no everyday name (`x`, `zoom`).
fn field_name(key: &str) -> String {
    let word = match key {
        "width" => "largura",
        "height" => "altura",
        "start" => "início",
        "end" => "fim",
        "duration" => "duração",
        "delay" => "atraso",
        "volume" => "volume",
        "size" => "tamanho",
        "rate" => "velocidade",
        "pause" => "pausa",
        "padding" => "margem",
        "pad" => "pausa final",
        "fps" => "quadros por segundo",
        "blur" => "desfoque",
        "opacity" => "opacidade",
        _ => return format!("`{key}`"),
    };
    if word == key {
        word.to_owned()
    } else {
        format!("{word} (`{key}`)")
    }
}

fn scene_name(index: u64) -> String {
    format!("cena /scenes/{index}")
}

fn secs(v: f64) -> String {
    L.secs(v)
}

fn pointed(p: &Pointed) -> String {
    let at = if p.pointer.is_empty() {
        "/"
    } else {
        &p.pointer
    };
    format!("{at}: {}", words(&p.message))
}

fn status(s: Status) -> &'static str {
    match s {
        Status::Queued => "na fila",
        Status::Processing => "renderizando",
        Status::Completed => "concluído",
        Status::Failed => "falhou",
        Status::Canceled => "cancelado",
    }
}

/// The status a job cannot go to: "não pode voltar para a fila", "não pode ser cancelado".
fn become_(s: Status) -> &'static str {
    match s {
        Status::Queued => "voltar para a fila",
        Status::Processing => "ser renderizado",
        Status::Completed => "ser concluído",
        Status::Failed => "ser marcado como falho",
        Status::Canceled => "ser cancelado",
    }
}

fn takes(t: &[Takes]) -> String {
    t.iter()
        .map(|t| match t {
            Takes::Number => "um número".to_owned(),
            Takes::TrueOrFalse => "true ou false".to_owned(),
            Takes::Text => "um texto entre aspas".to_owned(),
            Takes::Object => "um objeto".to_owned(),
            Takes::List => "uma lista".to_owned(),
            Takes::OneOf(names) => format!(
                "um destes: {}",
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
        .collect::<Vec<_>>()
        .join(" ou ")
}

fn cause(c: &Cause) -> String {
    match c {
        Cause::NotFound => "não existe".into(),
        Cause::PermissionDenied => "permissão negada".into(),
        Cause::AlreadyExists => "já existe".into(),
        Cause::ReadOnly => "o disco é somente leitura".into(),
        Cause::NoSpace => "o disco está cheio".into(),
        Cause::NotAFolder => "uma parte do caminho não é uma pasta".into(),
        Cause::IsAFolder => "é uma pasta".into(),
        Cause::NotARegularFile => "não é um arquivo comum".into(),
        Cause::Other { detail } => detail.clone(),
    }
}

fn unit(u: Unit) -> &'static str {
    match u {
        Unit::Plain => "",
        Unit::Seconds => " s",
        Unit::Pixels => " pixels",
        Unit::Fps => " qps",
        Unit::Canvas => " da tela",
        Unit::CanvasWidth => " da largura da tela",
        Unit::CanvasHeight => " da altura da tela",
        Unit::Lufs => " LUFS",
        Unit::Degrees => "°",
    }
}

fn media_why(w: &MediaWhy) -> String {
    match w {
        MediaWhy::Unreadable => "o arquivo não pode ser lido".into(),
        MediaWhy::NotAFont => "não é um arquivo de fonte TrueType, OpenType ou WOFF".into(),
        MediaWhy::NotMedia { detail } => {
            format!("não é um arquivo de mídia que o ffmpeg consiga ler ({detail})")
        }
        MediaWhy::ProbeFailed { detail } => format!("o ffprobe não conseguiu lê-lo ({detail})"),
        MediaWhy::ToolMissing { program, detail } => words(&Message::FfmpegNotStarted {
            program: program.clone(),
            detail: detail.clone(),
        }),
        MediaWhy::PictureUndecodable => "a imagem não pode ser decodificada".into(),
        MediaWhy::NoPicture => "não tem imagem".into(),
        MediaWhy::ClipWithoutSound => {
            "não tem som; defina `audio` como false ou use um vídeo com som".into()
        }
        MediaWhy::NoSound => "não tem som".into(),
        MediaWhy::LengthUnknown => "a duração é desconhecida".into(),
    }
}

fn output_why(w: &OutputWhy) -> String {
    match w {
        OutputWhy::NamesNoFile => "não indica um arquivo".into(),
        OutputWhy::IsFolder => "é uma pasta".into(),
        OutputWhy::FolderMissing => "a pasta não existe".into(),
        OutputWhy::IsProjectFile => "é um dos arquivos do próprio projeto".into(),
        OutputWhy::SideFileIsProjectFile { side } => {
            format!("{side} seria gravado ao lado dele, e é um dos arquivos do próprio projeto")
        }
        OutputWhy::OtherFileThere { kind } => {
            format!("já existe ali um arquivo que não é um vídeo {kind}; escolha outro nome")
        }
        OutputWhy::Exists { existing } => format!(
            "{existing} já existe; escolha outro nome ou substitua-o (estudio-cli: --force)"
        ),
        OutputWhy::AppearedSince { .. } => "um arquivo apareceu ali depois que a exportação entrou na fila, e foi mantido; exporte de novo para substituí-lo ou escolha outro nome".into(),
        OutputWhy::Unusable { cause: c } => cause(c),
    }
}

fn open_why(w: OpenWhy) -> &'static str {
    match w {
        OpenWhy::NotCompleted => "só o vídeo de um trabalho concluído pode ser aberto",
        OpenWhy::PresetUnknown => "o formato é desconhecido",
        OpenWhy::Gone => "o vídeo não existe mais",
        OpenWhy::Replaced => "o arquivo foi substituído por outra coisa",
        OpenWhy::NotPreview => "só uma prévia concluída pode tocar na janela",
    }
}

pub(crate) fn preset_name(p: PresetName) -> &'static str {
    match p {
        PresetName::Mp4_1080p => "MP4 1080p (H.264 + AAC)",
        PresetName::Mp4_720p => "MP4 720p (H.264 + AAC)",
        PresetName::Mp4_480p => "MP4 480p (H.264 + AAC)",
        PresetName::Preview => "Prévia (360p, rápida)",
        PresetName::Webm1080p => "WebM 1080p (VP9 + Opus)",
        PresetName::Gif => "GIF animado (360p, 12 qps, sem som)",
        PresetName::M4a => "Só o som (M4A, AAC)",
    }
}

pub(crate) fn words(m: &Message) -> String {
    use Message as M;
    match m {
        M::JsonSyntax { detail, line, column } => format!(
            "o arquivo não é um JSON válido: {detail} (linha {line}, coluna {column})"
        ),
        // serde's own description names the field and what was expected.
        M::JsonStructure { detail } => format!("o campo não segue o formato: {detail}"),
        M::ProjectUnreadable { path, cause: c } => {
            format!("não foi possível ler {path}: {}", cause(c))
        }
        M::ProjectTooLarge { path, size, max } => format!(
            "{path} tem {} bytes; arquivos de projeto têm no máximo {} bytes",
            L.int(*size),
            L.int(*max)
        ),
        M::InFile { path, problem } => format!("{path}: {}", pointed(problem)),
        M::VersionUnsupported { found, supported } => format!(
            "a versão {found} não é suportada; esta versão do Estúdio lê a versão {supported}"
        ),
        M::TitleEmpty => "o título está vazio".into(),
        M::NoScenes => "um projeto precisa de pelo menos uma cena".into(),
        M::TooManyScenes { count, max } => format!(
            "{} cenas; o máximo suportado é {}",
            L.int(*count),
            L.int(*max)
        ),
        M::VideoTooLong { secs: s, max } => format!(
            "o vídeo duraria {} s; o máximo suportado é {} s",
            L.fixed(*s, 0),
            L.fixed(*max, 0)
        ),
        M::NotPrepared => {
            "o projeto não foi preparado: a duração de uma cena ainda é desconhecida".into()
        }
        M::Between { field, value, min, max, unit: u } => format!(
            "o valor {} de {} deve estar entre {} e {}{}",
            n(*value),
            field_name(field),
            n(*min),
            n(*max),
            unit(*u)
        ),
        M::AboveZero { field, value, max, unit: u } => format!(
            "o valor {} de {} deve ser maior que 0 e no máximo {}{}",
            n(*value),
            field_name(field),
            n(*max),
            unit(*u)
        ),
        M::NotNegative { field, value, unit: u } => format!(
            "o valor {}{} de {} deve ser 0 ou mais",
            n(*value),
            unit(*u),
            field_name(field)
        ),
        M::ClipsWithoutLength => "a cena tira sua duração dos seus vídeos, mas eles não dizem quanto duram (uma imagem dada como vídeo, ou uma gravação que não diz sua duração): dê à cena uma `duration`".into(),
        M::ClipLengthUnknown { file } => format!("{file} não diz quanto dura (uma gravação salva direto de um navegador costuma ser assim), e isso é preciso aqui: dê o fim do vídeo (para esticá-lo), ou use uma cópia que diga (`ffmpeg -i {file} -c copy copia.webm` faz uma)"),
        M::NoDuration => "a cena não tem duração nem narração da qual tirá-la: dê a ela uma `duration`, ou defina `defaults.duration` para toda cena sem uma".into(),
        M::ShorterThanFrame { secs: s, fps } => format!(
            "a duração {} é menor que um quadro a {fps} qps",
            secs(*s)
        ),
        M::TextEmpty => "o texto está vazio".into(),
        M::TextTooLong { max } => format!("o texto tem mais de {} caracteres", L.int(*max)),
        M::PathEmpty => "o caminho está vazio".into(),
        M::FileNotFound { path } => format!("arquivo não encontrado: {path}"),
        M::NotAFile { path } => format!("não é um arquivo comum: {path}"),
        M::BadColor { value } => format!(
            "{value:?} não é uma cor; escreva-a como no CSS: #rrggbb, #rgb, #rrggbbaa, um nome como white, ou rgb(255 255 255 / 50%)"
        ),
        M::BackgroundSeveral { kinds } => format!(
            "um fundo é um só entre `image`, `color`, `video` e `gradient`, mas este tem {}; deixe um",
            crate::format::list(
                crate::Lang::PtBr,
                &kinds.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>()
            )
        ),
        M::GradientColors { count } => format!(
            "um degradê vai de uma cor a outra: dê a ele de 2 a 8 cores, não {count}"
        ),
        M::CanvasSeeThrough { value } => format!(
            "a cor do quadro {value:?} é transparente, mas não há nada atrás do quadro; dê a ele uma cor opaca"
        ),
        M::FontFamilyBad => {
            "uma família de fontes é um nome de no máximo 200 caracteres, sem caracteres de controle"
                .into()
        }
        M::StartOutside { secs: s } => format!("o início {} deve estar dentro da cena", secs(*s)),
        M::EndOutside { secs: s } => format!(
            "o fim {} deve estar dentro da cena e depois do início",
            secs(*s)
        ),
        M::NotAVoiceName { voice } => format!(
            "{voice:?} não é um nome de voz; use uma voz do espeak-ng, como pt-br ou en-us, piper:NOME para uma voz do Piper, ou o caminho do arquivo .onnx de uma voz do Piper"
        ),
        M::NarrationBoth => {
            "indique `src` (uma gravação) ou `text` (para ser falado), não os dois".into()
        }
        M::NarrationNeither => {
            "uma narração precisa de `src` (uma gravação) ou `text` (para ser falado)".into()
        }
        M::DelayOutOfRange { secs: s } => format!(
            "o atraso {} deve ser 0 ou mais e menor que a cena",
            secs(*s)
        ),
        M::UnknownTransition { name } => format!(
            "transição desconhecida {name:?}; use `cut`, `random`, um nome de xfade do ffmpeg, como `fade`, `wipeleft` ou `slideup`, ou um do editly, como `crossfade` ou `directional-left`"
        ),
        M::EndNotAfterStart { start, end } => format!(
            "o fim {} deve vir depois do início {}",
            secs(*end),
            secs(*start)
        ),
        M::ClipEndPastEnd { end, file, length } => format!(
            "termina em {}, mas {file} dura {} s",
            secs(*end),
            L.fixed(*length, 3)
        ),
        M::TextMotionTooLong { secs: s } => format!(
            "uma entrada ou saída de {} deve ser maior que 0 e caber no tempo em que o texto aparece",
            secs(*s)
        ),
        M::TextWordTooWide { word } => format!(
            "a palavra {word:?} é mais larga do que o texto pode ser, mesmo sozinha na linha; diminua o texto ou aumente sua `width`"
        ),
        M::TextOffCanvas { lines } => format!(
            "quebrado em {} linha{}, o texto sai do quadro; encurte-o, diminua-o ou mude-o de lugar",
            L.int(*lines),
            if *lines == 1 { "" } else { "s" }
        ),
        M::TrimWithoutRecording => {
            "`start` e `end` cortam uma gravação (`src`); um `text` falado não tem o que cortar".into()
        }
        M::MusicDelayOutOfRange { secs: s } => format!(
            "o atraso da música {} deve ser 0 ou mais e menor que o vídeo",
            secs(*s)
        ),
        M::StretchWithoutDuration => {
            "o vídeo é esticado até a duração da cena, e esta cena não tem uma; dê a ela uma `duration`, ou toque o vídeo como ele é".into()
        }
        M::SpeedAndFitTime => {
            "o vídeo é esticado até a duração da cena, o que define a sua velocidade, então ele não leva `speed` também; deixe um dos dois".into()
        }
        M::StretchTooFar { speed, min, max } => format!(
            "esticado até a duração da cena o vídeo tocaria a {}×, e ele toca de {}× a {}×; mude a duração da cena ou o corte do vídeo",
            L.num(*speed),
            L.num(*min),
            L.num(*max)
        ),
        M::LayerFitBlur => {
            "`fit: blur` preenche a tela em volta de um fundo; um vídeo sobre o fundo se ajusta à sua caixa com `cover`, `contain` ou `stretch`".into()
        }
        M::BlurWithoutBlurFit => {
            "`blur` é a força do desfoque de `fit: blur`, mas o ajuste deste fundo é outro; escreva `\"fit\": \"blur\"` ou tire o `blur`".into()
        }
        M::CutWithEasing => {
            "um corte não tem ritmo: ele muda de uma vez; tire o `easing` para um corte, ou escolha uma transição como `fade`".into()
        }
        M::AngleOnRadial => {
            "um gradiente radial se espalha do centro e não tem direção; tire o `angle`, ou escreva `\"type\": \"linear\"`".into()
        }
        M::CutWithDuration { secs: s } => format!(
            "um corte não tem duração, mas este diz {}; tire a `duration` para um corte, ou escolha uma transição como `fade`",
            secs(*s)
        ),
        M::TransitionTooLong { secs: t, scene, scene_secs, incoming } => format!(
            "uma transição de {} é mais longa do que a {} ({}) permite{}",
            secs(*t),
            scene_name(*scene),
            secs(*scene_secs),
            match incoming {
                Some(i) => format!(" depois da transição de {} que entra nela", secs(*i)),
                None => String::new(),
            }
        ),
        M::TransitionTooLongNext { secs: t, next, next_secs } => format!(
            "uma transição de {} é mais longa do que a cena seguinte, /scenes/{next} ({}), permite",
            secs(*t),
            secs(*next_secs)
        ),
        M::Media { file, why } => format!("{file}: {}", media_why(why)),
        M::ClipStartPastEnd { start, file, length } => format!(
            "começa em {}, mas {file} dura {} s",
            secs(*start),
            L.fixed(*length, 3)
        ),
        M::CutHoldsNoFrame { start, end, file, fps } => format!(
            "o trecho de {} a {} não contém nenhuma imagem de {file}, que tem uma a cada {} s ({} por segundo); comece-o antes ou termine-o depois",
            secs(*start),
            secs(*end),
            L.fixed(1.0 / fps, 3),
            L.num((fps * 100.0).round() / 100.0)
        ),
        M::WrongValue { value, takes: t } => format!("{value} não é um valor que este campo aceite: ele aceita {}", takes(t)),
        M::LoopShorterThanFrame { secs: s, fps } => format!(
            "um trecho repetido de {} s é mais curto do que um quadro do vídeo a {fps} fps, e cada repetição não mostraria nada; faça-o durar pelo menos {} s",
            L.fixed(*s, 3),
            L.fixed(1.0 / f64::from(*fps), 3)
        ),
        M::EspeakMissing { detail } => format!(
            "não foi possível iniciar o espeak-ng ({detail}); instale o espeak-ng (Debian: apt-get install espeak-ng)"
        ),
        M::UnknownEspeakVoice { voice } => format!(
            "o espeak-ng não tem a voz {voice:?}; `espeak-ng --voices` lista as vozes"
        ),
        M::SpeechFailed { program, detail } => format!("o {program} falhou: {detail}"),
        M::SpeechTimedOut { program, secs } => {
            format!("o {program} levou mais de {secs} s para falar o texto e foi interrompido")
        }
        M::SpeechCanceled => "a fala foi cancelada".to_owned(),
        M::PiperMissing { program, detail } => format!(
            "não foi possível iniciar o Piper ({program}: {detail}); instale-o com `pip install piper-tts` e ponha o `piper` no PATH, ou indique-o em ESTUDIO_PIPER (as vozes do espeak-ng funcionam sem ele)"
        ),
        M::PiperVoiceNotFound { name, folders } => format!(
            "não há voz do Piper {name:?} em {}; ponha {name}.onnx e {name}.onnx.json numa dessas pastas (as vozes do Piper estão publicadas em https://huggingface.co/rhasspy/piper-voices)",
            list(L, folders)
        ),
        M::PiperVoiceFileMissing { path } => format!("a voz do Piper {path} não existe"),
        M::PiperVoiceUnreadable { path, detail } => format!(
            "as configurações da voz do Piper {path} faltam ou são ilegíveis ({detail}); uma voz são dois arquivos, NOME.onnx e NOME.onnx.json"
        ),
        M::NoPiperVoices { folders } => format!(
            "Nenhuma voz do Piper em {}: ponha NOME.onnx e NOME.onnx.json numa delas (as vozes do Piper estão publicadas em https://huggingface.co/rhasspy/piper-voices).",
            list(L, folders)
        ),
        M::SpeechCacheUnwritable { path, cause: c } => {
            format!("não foi possível gravar o cache de fala {path}: {}", cause(c))
        }
        M::CrfNotApplicable { preset } => {
            let preset = preset_name(*preset);
            format!("crf não se aplica ao formato {preset}")
        }
        M::CrfOutOfRange { crf, preset, max } => {
            let preset = preset_name(*preset);
            format!("crf {crf} está fora do intervalo; {preset} aceita de 0 a {max}")
        }
        M::EncoderPresetNotH264 { preset } => {
            let preset = preset_name(*preset);
            format!(
            "um preset de codificador só se aplica a formatos H.264, não a {preset}"
        )
        }
        M::UnknownEncoderPreset { name, known } => format!(
            "preset de codificador desconhecido {name:?}; escolha um destes: {}",
            known.join(", ")
        ),
        M::LoudnessOutOfRange { lufs } => format!(
            "a sonoridade de {} LUFS está fora do intervalo; use de -40 a -5",
            n(*lufs)
        ),
        M::LoudnessAndKeepLevels => {
            "uma meta de sonoridade e manter os níveis se excluem".into()
        }
        M::PosterWithoutPictures { preset } => {
            let preset = preset_name(*preset);
            format!("o formato {preset} não tem imagens para uma capa")
        }
        M::UnknownPreset { name, known } => format!(
            "formato desconhecido {name:?}; escolha um destes: {}",
            known.join(", ")
        ),
        M::ProjectInvalid { problems } => format!(
            "o projeto tem {} problema{}: {}",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" },
            problems.iter().map(pointed).collect::<Vec<_>>().join("; ")
        ),
        M::Output { path, why } => {
            format!("não é possível exportar para {path}: {}", output_why(why))
        }
        M::NoFont => {
            "nenhuma fonte para texto foi encontrada; instale fonts-dejavu-core ou defina ESTUDIO_FONT"
                .into()
        }
        M::FfmpegNotStarted { program, detail } => format!(
            "não foi possível iniciar {program} ({detail}); instale o ffmpeg (Debian: apt-get install ffmpeg) ou defina ESTUDIO_FFMPEG"
        ),
        M::FfmpegTooOld { found } => format!(
            "o ffmpeg {found} é antigo demais; o Estúdio precisa do FFmpeg 5.1 ou mais novo (defina ESTUDIO_FFMPEG com uma versão mais nova)"
        ),
        M::FfmpegBrokenLoop { found } => format!(
            "o ffmpeg {found} não pode ser usado: ele nunca termina um vídeo cuja música se repete; use o FFmpeg 5.1 do Debian ou uma versão mais nova (a 9.0 é testada)"
        ),
        M::FfmpegLacks { program, missing } => format!(
            "falta ao {program}: {}; instale uma versão completa do ffmpeg (o pacote ffmpeg do Debian tem tudo)",
            list(L, missing)
        ),
        M::PresetUnavailable { preset, missing } => {
            let preset = preset_name(*preset);
            format!(
            "o formato {preset} precisa de {}, que este ffmpeg não tem",
            list(L, missing)
        )
        }
        M::Stalled { secs: s } => {
            format!("o ffmpeg ficou {s} s sem avançar e foi interrompido")
        }
        M::Incomplete { expected, found } => format!(
            "o vídeo tem {} quadros onde a linha do tempo tem {}; ele não foi salvo",
            L.int(*found),
            L.int(*expected)
        ),
        M::NoSpace { folder, needed, available } => format!(
            "não há espaço livre suficiente em {folder}: a renderização precisa de cerca de {} ali, e há {} livres",
            L.mb(*needed),
            L.mb(*available)
        ),
        M::FfmpegFailed { detail } => format!("o ffmpeg falhou: {detail}"),
        M::FfmpegKilled { signal } => format!(
            "o ffmpeg foi interrompido pelo sistema (sinal {signal}: falta de memória ou uma falha); tentar de novo pode funcionar"
        ),
        M::FfmpegExited { code } => format!("o ffmpeg terminou com o código {code}"),
        M::FfmpegWroteNothing => "o ffmpeg indicou sucesso, mas não gravou nada".into(),
        M::OutputUnverifiable { why } => format!(
            "o vídeo pronto não pode ser lido de volta para ser conferido: {}",
            media_why(why)
        ),
        M::Canceled => "cancelado".into(),
        M::Io { path, cause: c } => format!("{path}: {}", cause(c)),
        M::SnapshotUnreadable { detail } => format!(
            "a cópia do projeto guardada com o trabalho não pode ser lida ({detail}); exporte o projeto de novo"
        ),
        M::ThreadFailed { cause: c } => {
            format!("não foi possível iniciar uma thread: {}", cause(c))
        }
        M::NoSuchJob { id } => format!("não há trabalho com o id {id}"),
        M::CannotBecome { id, from, to } => format!(
            "o trabalho {id} está {}; ele não pode {}",
            status_as_state(*from),
            become_(*to)
        ),
        M::OutputTaken {
            path,
            job,
            title,
            status: s,
        } => format!(
            "a exportação de “{title}” ({}, trabalho {job}) já grava {path}; espere por ela, cancele-a ou escolha outro arquivo",
            status(*s)
        ),
        M::JobRunning { id } => {
            format!("o trabalho {id} está sendo renderizado; cancele-o primeiro")
        }
        M::LeaseLost { id } => format!("a reserva do trabalho {id} foi perdida"),
        M::WorkerLost => {
            "o processo que renderizava este trabalho parou (travou ou foi encerrado)".into()
        }
        M::UnknownStatus { value } => {
            format!("estado de trabalho desconhecido {value:?} no banco de dados")
        }
        M::DatabaseDamaged { path, detail } => {
            format!("o banco de dados da fila {path} está danificado ({detail})")
        }
        M::DatabaseReadOnly { path } => format!(
            "o banco de dados da fila {path} não pode ser gravado (arquivo ou pasta somente leitura); verifique as permissões"
        ),
        M::DatabaseUnusable { detail } => {
            format!("o banco de dados da fila não pode ser usado: {detail}")
        }
        M::MigrationFailed { detail } => {
            format!("o banco de dados da fila não pôde ser atualizado: {detail}")
        }
        M::QueueFolder { path, cause: c } => {
            format!("não foi possível criar a pasta da fila {path}: {}", cause(c))
        }
        M::DatabaseUnreachable { server, detail } => {
            format!("o servidor PostgreSQL da fila {server} não responde: {detail}")
        }
        M::DatabaseLogin { server, user } => format!(
            "o servidor PostgreSQL {server} recusou o usuário {user}: senha errada ou usuário inexistente (verifique a URL, PGPASSWORD ou ~/.pgpass)"
        ),
        M::DatabaseMissing { server, dbname } => {
            format!("o servidor PostgreSQL {server} não tem o banco de dados {dbname}; crie-o antes (createdb {dbname})")
        }
        M::DatabaseAddress { detail } => format!("o endereço da fila não pode ser usado: {detail}"),
        M::DatabaseTls { detail } => format!("a conexão segura com o servidor da fila falhou: {detail}"),
        M::FarmConnected { farm, version } => format!("conectado a {farm} ({version}); o Estúdio passa a usá-lo na próxima vez que abrir"),
        M::PathMapInvalid { detail } => format!("o mapa de caminhos não pode ser usado: {detail} (escreva um DE=PARA por linha, os dois caminhos absolutos)"),
        M::OutOfReach { machine, path, write: false, detail } => {
            format!("esperando uma máquina que consiga ler {path}: {machine} não consegue ({detail})")
        }
        M::OutOfReach { machine, path, write: true, detail } => {
            format!("esperando uma máquina que consiga gravar em {path}: {machine} não consegue ({detail})")
        }
        M::FarmUnreachable { farm, detail } => format!(
            "o render farm {farm} não responde ({detail}); a fila deste computador é usada até ele voltar"
        ),
        M::DatabaseNewer { found, known } => format!(
            "o banco de dados da fila foi preparado por um Estúdio mais novo (esquema {found}; este conhece até {known}); atualize o Estúdio"
        ),
        M::NotOpenable { id, why } => format!("trabalho {id}: {}", open_why(*why)),
        M::NothingOpened { video: true, folder } => format!(
            "nenhum programa deste computador abriu o vídeo (talvez falte um reprodutor de vídeo); ele está em {folder}"
        ),
        M::NothingOpened { video: false, folder } => format!(
            "nenhum gerenciador de arquivos deste computador mostrou a pasta; o vídeo está em {folder}"
        ),
        M::NothingRendered { path, count } => format!(
            "{path} tem {count} problema{}; nada foi renderizado",
            if *count == 1 { "" } else { "s" }
        ),
        M::ImportedWithProblems { path, count } => format!(
            "{path} foi gravado, mas só poderá ser exportado depois de corrigir {}",
            if *count == 1 { "este problema".to_owned() } else { format!("estes {count} problemas") }
        ),
        M::QueueUnopenable { path } => format!("não foi possível abrir a fila em {path}"),
        M::QueueReplaced { path, aside } => format!(
            "aviso: o banco de dados da fila {path} estava danificado; ele foi guardado como {aside} e uma fila nova, vazia, foi iniciada"
        ),
        M::SampleUnwritable { path } => format!("não foi possível gravar o exemplo em {path}"),
        M::QueueSetAside { path } => format!(
            "O banco de dados da fila de renderização estava danificado. Ele foi guardado como {path} e uma fila nova, vazia, foi iniciada."
        ),
        M::PrefsSetAside { path } => format!(
            "Não foi possível ler as suas preferências. Elas foram guardadas como {path} e os valores padrão estão em uso."
        ),
        M::NoImages => {
            "nenhum dos arquivos soltos é uma imagem (PNG, JPEG, WebP, BMP, GIF ou TIFF)".into()
        }
        M::ProjectUnwritable { path, cause: c } => {
            format!("não foi possível gravar o projeto {path}: {}", cause(c))
        }
        M::PrefsUnwritable { path, cause: c } => {
            format!("não foi possível salvar as preferências em {path}: {}", cause(c))
        }
        M::DeckUnreadable { path, cause: c } => {
            format!("não foi possível ler a apresentação {path}: {}", cause(c))
        }
        M::DeckNotADeck { path } => format!(
            "{path} não é uma apresentação do PowerPoint, do Impress ou em PDF (.pptx, .ppt, .odp ou .pdf)"
        ),
        M::DeckIsOther { path, looks } => format!(
            "{path} não é uma apresentação: é {}",
            match looks {
                FileLooks::Empty => "um arquivo vazio",
                FileLooks::Folder => "uma pasta",
                FileLooks::Picture => "uma imagem",
                FileLooks::Text => "um arquivo de texto",
            }
        ),
        M::DeckDamaged { path, detail } => format!("a apresentação {path} está danificada: {detail}"),
        M::DeckLocked { path } => format!(
            "a apresentação {path} está protegida por senha; salve uma cópia sem senha e importe-a"
        ),
        M::DeckEscapes { path, member } => format!(
            "a apresentação {path} foi recusada: o membro {member} seria extraído para fora dela"
        ),
        M::DeckTooBig { path, limit } => format!(
            "a apresentação {path} foi recusada: descompactada, passaria de {limit}"
        ),
        M::DeckTooManySlides { path, found, limit } => format!(
            "a apresentação {path} tem {} slides; no máximo {} podem ser importados",
            L.int(*found as u64),
            L.int(*limit as u64)
        ),
        M::DeckConversion { path, detail } => {
            format!("não foi possível desenhar os slides da apresentação {path}: {detail}")
        }
        M::DeckNoSlides { path, hidden: 0 } => format!("a apresentação {path} não tem slides"),
        M::DeckNoSlides { path, hidden } => format!(
            "a apresentação {path} não tem slide para mostrar: seus {} slides estão todos ocultos",
            L.int(*hidden)
        ),
        M::DeckToolsMissing { programs, packages } => format!(
            "importar apresentações precisa de {}, que não está instalado neste computador (no Debian ou Ubuntu: sudo apt install {})",
            list(Lang::PtBr, programs),
            packages.join(" ")
        ),
        M::DeckUnopenable { path, said } if said.is_empty() => format!(
            "a apresentação {path} não pôde ser aberta: está danificada ou protegida por senha"
        ),
        M::DeckUnopenable { path, said } => format!(
            "a apresentação {path} não pôde ser aberta: está danificada ou protegida por senha (o LibreOffice diz: {said})"
        ),
        M::ProgramTimedOut { program, secs } => format!(
            "o {program} levou mais de {} s e foi interrompido",
            L.int(*secs)
        ),
        M::ProgramMissing { program, detail } => {
            format!("o {program} não está instalado ou não pôde ser iniciado ({detail})")
        }
        M::ProgramFailed { program, detail } => format!("o {program} falhou: {detail}"),
        M::DeckPages { path, pages, slides } => format!(
            "a apresentação {path} tem {} slides visíveis, mas o LibreOffice desenhou {} páginas",
            L.int(*slides as u64),
            L.int(*pages as u64)
        ),
        M::DeckPptUnsafe { path } => format!(
            "{path} é um arquivo antigo do PowerPoint, que só pode ser lido com segurança onde o LibreOffice pode ficar sem rede (unshare -rn); salve-o como .pptx e importe esse"
        ),
        M::ProjectExists { path } => format!(
            "{path} já existe; nada foi gravado (--force o substitui)"
        ),
        M::NotAProjectFile { path } => format!(
            "{path} não é um projeto do Estúdio, e uma importação só substitui um projeto; nada foi gravado (escolha outro nome)"
        ),
        M::ScenesFromCache { reused, of } => format!("{reused} de {of} cenas vieram do cache"),
        M::NotASize { value } => {
            format!("{value} não é um tamanho; escreva como 4G, 500M ou um número de bytes")
        }
        M::BadEdit { at, why } => {
            let at = if at.is_empty() { "/" } else { at.as_str() };
            let why = match why {
                EditWhy::BadPointer => "um JSON Pointer começa com “/”".to_owned(),
                EditWhy::NoSuchField => "esse campo não existe".to_owned(),
                EditWhy::PastEnd { len } => format!("além do fim (há {len})"),
                EditWhy::NotAnIndex => "não é uma posição numa lista (0, 1, 2…)".to_owned(),
                EditWhy::NotAContainer { within } => {
                    format!("guarda um valor, não campos, então {within} não pode ser alcançado")
                }
                EditWhy::NotAList => "não é uma lista".to_owned(),
                EditWhy::NotAnObject => "um projeto é um objeto (“{…}”)".to_owned(),
                EditWhy::WholeDocument => "o projeto inteiro não pode ser removido nem movido".to_owned(),
                EditWhy::Repeated { index } => format!("{index} aparece duas vezes"),
                EditWhy::NotAnOrder { len } => {
                    format!("uma ordem cita cada um dos {len} elementos uma vez")
                }
                EditWhy::TooDeep { max } => {
                    format!("aninhado além dos {max} níveis que um arquivo de projeto pode ter")
                }
                EditWhy::TooLarge { bytes, max } => format!(
                    "um valor de {} bytes, mais do que um arquivo de projeto inteiro pode ter ({})",
                    L.int(*bytes),
                    L.int(*max)
                ),
            };
            format!("{at}: {why}; o projeto ficou como estava")
        }
        M::BeingEdited {
            path,
            program,
            host,
            pid,
        } => format!(
            "{path} está sendo editado por {program} em {host} (processo {pid}); feche-o lá primeiro"
        ),
        M::ProjectReadOnly { path, problem } => format!(
            "{path} não pode ser lido como projeto ({}); está aberto só para leitura, e nada será gravado por cima dele",
            pointed(problem)
        ),
        M::ChangedOnDisk { path } => format!(
            "{path} mudou no disco desde que foi aberto, e tem alterações não salvas aqui; nada foi gravado por cima dele"
        ),
        M::NothingToUndo => "nada para desfazer".into(),
        M::NothingToListen { scene } => format!("a cena {scene} não tem narração para ouvir"),
        M::PronunciationEmpty => "a forma escrita está vazia: escreva a palavra ou frase a dizer de outro jeito".into(),
        M::PronunciationNoLetters => "a forma escrita não tem letra nem algarismo: mudaria os espaços entre todas as palavras".into(),
        M::PronunciationNothingToSay => "nada a dizer no lugar: dê \"say\" (como soa) ou fonemas em \"espeak\" ou \"ipa\"".into(),
        // Um ordinal, não um número: o ponteiro ao lado conta a partir de 0.
        M::PronunciationDuplicate { first } => format!("a mesma forma escrita da {first}ª entrada da lista, que é a usada"),
        M::PronunciationControl => "há um caractere de controle (uma quebra de linha, uma tabulação, um NUL) nesta pronúncia: escreva-a numa linha só".into(),
        M::PronunciationBrackets => "\"[[\" e \"]]\" marcam fonemas para as vozes: não podem estar numa pronúncia".into(),
        M::PronunciationUnknownPhonemes { voice, phonemes } => format!("a voz Piper {voice} não tem o fonema {phonemes}: ela o deixaria de fora; use o IPA em que as falas dela são escritas, ou \"say\""),
        M::PronunciationPassedOver { scenes, has, other } => format!("ignorada nas cenas {scenes}: só tem fonemas para vozes {has}, e vozes {other} as falam; acrescente \"say\" para que toda voz a use"),
        M::PronunciationUsedIn { scenes } => format!("cenas {scenes}"),
        M::PronunciationUnused => "não usada".to_owned(),
        M::PronunciationLanguageSwitch => "uma troca de idioma (_^_) nos fonemas: o espeak-ng continuaria naquele idioma depois da palavra, no resto da fala; escreva a palavra nos fonemas desta voz, ou use \"say\"".to_owned(),
        M::PersonalPronunciation { text, problem } => format!("sua pronúncia de \"{text}\" (Configurações): {}", words(problem)),
        M::PronunciationListed { origin, number } => {
            let list = match origin.as_str() {
                "project" => "Projeto",
                "personal" => "Suas (Configurações)",
                _ => "Incluída",
            };
            format!("{list} #{number}")
        }
        M::PronunciationTooLong { max } => format!("mais de {max} caracteres: uma entrada é uma palavra ou uma frase"),
        M::PronunciationUnknownEspeakPhonemes { voice, phonemes } => format!("a voz {voice} do espeak-ng não tem o fonema {phonemes}: ela pararia de ler a palavra ali; escreva os fonemas como espeak-ng -x os mostra, ou use \"say\""),
        M::NoSuchScene { scene } => format!("o projeto não tem a cena {scene}"),
        M::ChangedOutside { path } => format!(
            "{path} foi alterado por outro programa, e esta janela tem alterações não salvas"
        ),
        M::NotOpenForEditing { path } => format!("{path} não está aberto para edição nesta janela"),
        M::OpenWithChanges { path } => format!(
            "{path} está aberto aqui com alterações não salvas próprias: salve ou feche, depois restaure"
        ),
        M::RecoveryGone => {
            "essas alterações já foram restauradas ou descartadas (por outra janela ou pelo estudio-cli)"
                .into()
        }
        M::EditUnknownOperation { word } => format!(
            "{word}: não é uma operação (set, unset, insert, move, remove, duplicate, undo, redo, save)"
        ),
        M::EditMissingArguments { verb } => format!("{verb}: faltam seus argumentos"),
        M::NotASceneNumber { word } => format!("{word}: não é um número de cena (1, 2, 3…)"),
        M::EditNotJson { word, detail } => format!("{word}: não é um valor JSON ({detail})"),
        M::EditOneALine => "uma operação por linha; nada desta linha foi aplicado".into(),
        M::NothingToRedo => "nada para refazer".into(),
        M::Recoverable {
            path,
            changes,
            changed_on_disk,
        } => format!(
            "{path}: {changes} {} não salva{}{}",
            if *changes == 1 { "alteração" } else { "alterações" },
            if *changes == 1 { "" } else { "s" },
            if *changed_on_disk {
                " (o arquivo mudou no disco depois; recuperar mantém os dois)"
            } else {
                ""
            }
        ),
        M::RecoveredBeside { path, beside } => format!(
            "{path} mudou no disco depois; as alterações não salvas foram gravadas em {beside}, e {path} ficou como está"
        ),
        M::Recovered { path, changes } => format!(
            "{path}: {changes} {} recuperada{} e salva{}",
            if *changes == 1 { "alteração" } else { "alterações" },
            if *changes == 1 { "" } else { "s" },
            if *changes == 1 { "" } else { "s" }
        ),
        M::NothingToRecover => "nenhuma alteração não salva para recuperar".into(),
        M::EditSaved { path, scenes } => {
            if scenes.is_empty() {
                format!("{path} salvo")
            } else {
                let n: Vec<String> = scenes.iter().map(ToString::to_string).collect();
                format!("{path} salvo; cenas alteradas: {}", n.join(", "))
            }
        }
        M::EditLeftProblems { count } => format!(
            "a edição deixou {count} problema{} a corrigir antes de exportar",
            if *count == 1 { "" } else { "s" }
        ),
        M::ErrorLine { detail } => format!("erro: {detail}"),
        M::Because { cause: c } => cause(c),
        M::ImportCanceled => "a importação foi cancelada; nada foi gravado".into(),
        M::CacheSummary {
            dir,
            entries,
            bytes,
            max_bytes,
        } => format!(
            "{dir}: {} {}, {} de no máximo {}",
            L.int(*entries),
            if *entries == 1 { "item" } else { "itens" },
            L.mb(*bytes),
            L.mb(*max_bytes)
        ),
        M::CacheEntry {
            key,
            bytes,
            frames,
            age_secs,
        } => {
            let what = match frames {
                0 => "som".to_owned(),
                n => format!("{} quadros", L.int(*n)),
            };
            format!(
                "  {key}  {:>11} bytes  {what:>13}  usado há {} s",
                L.int(*bytes),
                L.int(*age_secs)
            )
        }
        M::CacheFreed { bytes } => format!("{} removidos", L.mb(*bytes)),
        M::TransitionName { name } => transition_name(name),
        M::ImportConverting => "desenhando os slides com o LibreOffice".into(),
        M::ImportReadingPdf => "lendo as páginas do PDF".into(),
        M::ImportPage { n, of } => format!("{} de {} slides desenhados", L.int(*n), L.int(*of)),
        M::ImportDone { path, slides, hidden } => {
            let scenes = format!(
                "{path} gravado: {} cena{}",
                L.int(*slides),
                if *slides == 1 { "" } else { "s" }
            );
            match hidden {
                0 => scenes,
                1 => format!("{scenes} (1 slide oculto deixado de fora)"),
                n => format!("{scenes} ({} slides ocultos deixados de fora)", L.int(*n)),
            }
        }
        M::UpdateNoRecords { project } => format!(
            "{project} não guarda de que apresentação veio (foi feito à mão, ou importado por um Estúdio mais antigo), então nada pode ser mesclado nele: importe a apresentação de novo num projeto novo"
        ),
        M::UpdateNothingInCommon { deck, project } => format!(
            "nenhum slide de {deck} é de {project}: não parece uma versão nova da apresentação dele, e nada foi mesclado (para mesclar assim mesmo, peça de novo com --force)"
        ),
        M::UpdateTaken { scene, slide, field } => format!(
            "cena {}: aplicada a mudança de {} do slide {}",
            L.int(*scene),
            pt_field(field),
            L.int(*slide)
        ),
        M::UpdateKept { scene, slide, field } => format!(
            "cena {}: mantida a sua mudança de {} (o slide {} não mudou isso)",
            L.int(*scene),
            pt_field(field),
            L.int(*slide)
        ),
        M::UpdateConflict {
            scene,
            slide,
            field,
            ours,
            theirs,
        } => format!(
            "cena {}: conflito de {}, mudada por você e pela apresentação; a sua versão foi mantida. A sua: \"{ours}\"; a do slide {}: \"{theirs}\"",
            L.int(*scene),
            pt_field(field),
            L.int(*slide)
        ),
        M::UpdateBadRecords { project, at, detail } => format!(
            "{project}: o que ele guarda da apresentação está danificado em {at} ({detail}), então nada foi mesclado: importe a apresentação de novo num projeto novo"
        ),
        M::UpdateNothingLeft { project } => format!(
            "a atualização deixaria {project} sem nenhuma cena (a apresentação removeu as que você manteve), então nada foi mesclado"
        ),
        M::UpdateProjectChanged => "o projeto mudou enquanto a apresentação nova era desenhada, então nada foi mesclado: atualize de novo".into(),
        M::UpdateAdded { scene, slide } => format!(
            "cena {}: slide novo {} acrescentado",
            L.int(*scene),
            L.int(*slide)
        ),
        M::UpdateRemoved { scene, name } => format!(
            "removida a cena \"{name}\" (a cena {} antes da atualização): o slide dela não está mais na apresentação",
            L.int(*scene)
        ),
        M::UpdateOrphaned { scene } => format!(
            "cena {}: o slide dela não está mais na apresentação, mas você tinha mudado a cena, então ela foi mantida",
            L.int(*scene)
        ),
        M::UpdateLeftOut { slide } => format!(
            "slide {} deixado de fora: você tinha removido a cena dele",
            L.int(*slide)
        ),
        M::UpdateMoved { scene, slide } => format!(
            "cena {}: movida para onde a apresentação agora tem o slide {}",
            L.int(*scene),
            L.int(*slide)
        ),
        M::UpdateDone {
            project,
            deck,
            taken,
            kept,
            conflicts,
            added,
            removed,
        } => format!(
            "{project} atualizado a partir de {deck}: {} mudança{} da apresentação aplicada{}, {} sua{} mantida{}, {} conflito{} (o seu mantido), {} cena{} acrescentada{}, {} removida{}",
            L.int(*taken),
            if *taken == 1 { "" } else { "s" },
            if *taken == 1 { "" } else { "s" },
            L.int(*kept),
            if *kept == 1 { "" } else { "s" },
            if *kept == 1 { "" } else { "s" },
            L.int(*conflicts),
            if *conflicts == 1 { "" } else { "s" },
            L.int(*added),
            if *added == 1 { "" } else { "s" },
            if *added == 1 { "" } else { "s" },
            L.int(*removed),
            if *removed == 1 { "" } else { "s" }
        ),
        M::ImportFontsMissing { fonts } => format!(
            "fontes usadas pela apresentação que este computador não tem, então algumas linhas podem quebrar em outro lugar: {}",
            fonts
                .iter()
                .map(|(font, by)| format!("{font} (desenhada com {by})"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        M::ImportFontsStoodIn { fonts } => format!(
            "fontes desenhadas com outras instaladas das mesmas medidas, então cada linha quebra onde quebrava: {}",
            fonts
                .iter()
                .map(|(font, by)| format!("{font} por {by}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        M::ImportAnimationsLost { slides } => {
            format!("as animações dos slides {slides} se perdem: cada slide é uma imagem parada")
        }
        M::ImportMediaLost { slides } => {
            format!("som e vídeo embutidos nos slides {slides} não entram no vídeo")
        }
        M::ImportLinksRemoved { count } => format!(
            "{} vínculo{} para arquivos fora da apresentação {} removido{}; nada foi buscado",
            L.int(*count),
            if *count == 1 { "" } else { "s" },
            if *count == 1 { "foi" } else { "foram" },
            if *count == 1 { "" } else { "s" }
        ),
    }
}

/// "está na fila", "está concluído": the status after "está".
fn status_as_state(s: Status) -> &'static str {
    match s {
        Status::Queued => "na fila",
        Status::Processing => "sendo renderizado",
        Status::Completed => "concluído",
        Status::Failed => "com falha",
        Status::Canceled => "cancelado",
    }
}

/// A transition as people read it in lists; ffmpeg's name when it is none of xfade's.
fn transition_name(name: &str) -> String {
    match name {
        "cut" => "corte",
        "random" => "aleatória",
        "fade" => "esmaecer",
        "fadefast" => "esmaecer rápido",
        "fadeslow" => "esmaecer lento",
        "fadeblack" => "esmaecer pelo preto",
        "fadewhite" => "esmaecer pelo branco",
        "fadegrays" => "esmaecer pelo cinza",
        "dissolve" => "dissolver",
        "pixelize" => "pixelizar",
        "distance" => "distância",
        "radial" => "varredura radial",
        "hblur" => "desfocar",
        "wipeleft" => "cortina para a esquerda",
        "wiperight" => "cortina para a direita",
        "wipeup" => "cortina para cima",
        "wipedown" => "cortina para baixo",
        "wipetl" => "cortina para o canto superior esquerdo",
        "wipetr" => "cortina para o canto superior direito",
        "wipebl" => "cortina para o canto inferior esquerdo",
        "wipebr" => "cortina para o canto inferior direito",
        "slideleft" => "deslizar para a esquerda",
        "slideright" => "deslizar para a direita",
        "slideup" => "deslizar para cima",
        "slidedown" => "deslizar para baixo",
        "smoothleft" => "suave para a esquerda",
        "smoothright" => "suave para a direita",
        "smoothup" => "suave para cima",
        "smoothdown" => "suave para baixo",
        "circlecrop" => "recorte em círculo",
        "rectcrop" => "recorte em retângulo",
        "circleopen" => "círculo abrindo",
        "circleclose" => "círculo fechando",
        "vertopen" => "abertura vertical",
        "vertclose" => "fechamento vertical",
        "horzopen" => "abertura horizontal",
        "horzclose" => "fechamento horizontal",
        "diagtl" => "diagonal do canto superior esquerdo",
        "diagtr" => "diagonal do canto superior direito",
        "diagbl" => "diagonal do canto inferior esquerdo",
        "diagbr" => "diagonal do canto inferior direito",
        "hlslice" => "fatias para a esquerda",
        "hrslice" => "fatias para a direita",
        "vuslice" => "fatias para cima",
        "vdslice" => "fatias para baixo",
        "squeezeh" => "comprimir na horizontal",
        "squeezev" => "comprimir na vertical",
        "zoomin" => "aproximar",
        other => return other.to_owned(),
    }
    .to_owned()
}

/// A field a deck update merges, as the report names it.
fn pt_field(field: &str) -> &str {
    match field {
        "picture" => "imagem",
        "narration" => "narração",
        "name" => "nome",
        "duration" => "duração",
        other => other,
    }
}
