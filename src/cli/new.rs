//! `rolemap new`: start a model from one of the guideline's use cases.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{Env, Failure, Outcome, emit, json_text};
use crate::catalog::Catalog;
use crate::i18n::Lang;
use crate::load::source::Format;
use crate::load::{parse_model, raw};

/// A bundled model to start from.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Template {
    /// ソフトウェア製品: developer, reseller, purchaser that operates (guideline use case 1).
    Product,
    /// ソフトウェアサービス: SaaS provider with development support and IaaS (use case 2).
    Service,
    /// 組込みソフトウェア: device maker with an embedded-software department (use case 3).
    Embedded,
    /// システム (請負): system owner contracting development and operation (use case 4).
    SystemContract,
    /// システム (準委任): procurer's departments lead, vendors support (use case 6).
    SystemQuasiMandate,
    /// システム (自社開発): in-house development with an affiliate (use case 5).
    SystemInHouse,
    /// A ministry system: prime, three tiers of subcontractors, cloud and a reseller.
    MinistryBenefits,
    /// A city hospital: SaaS scheduling plus medical devices, with realistic gaps.
    MunicipalHospital,
    /// A re-tendered municipal system: contract periods, a handover and a coverage gap.
    MunicipalRetender,
    /// A national system: owner ministry, prime, tier 2 and tier 3 under 請負, and a cloud.
    NationalThreeTier,
    /// A joint venture (共同企業体) of two companies winning a ministry contract.
    Jv,
}

impl Template {
    /// The template's RON text (the bundled model file).
    pub fn text(self) -> &'static str {
        match self {
            Template::Product => include_str!("../../models/product.ron"),
            Template::Service => include_str!("../../models/service.ron"),
            Template::Embedded => include_str!("../../models/embedded.ron"),
            Template::SystemContract => include_str!("../../models/system-contract.ron"),
            Template::SystemQuasiMandate => include_str!("../../models/system-quasi-mandate.ron"),
            Template::SystemInHouse => include_str!("../../models/system-in-house.ron"),
            Template::MinistryBenefits => include_str!("../../models/ministry-benefits.ron"),
            Template::MunicipalHospital => include_str!("../../models/municipal-hospital.ron"),
            Template::MunicipalRetender => include_str!("../../models/municipal-retender.ron"),
            Template::NationalThreeTier => include_str!("../../models/national-three-tier.ron"),
            Template::Jv => include_str!("../../models/jv.ron"),
        }
    }

    /// The Japanese version of the template's header comment (the English one is in the
    /// bundled model file).
    fn header_ja(self) -> &'static str {
        match self {
            Template::Product => include_str!("new/ja/product.txt"),
            Template::Service => include_str!("new/ja/service.txt"),
            Template::Embedded => include_str!("new/ja/embedded.txt"),
            Template::SystemContract => include_str!("new/ja/system-contract.txt"),
            Template::SystemQuasiMandate => include_str!("new/ja/system-quasi-mandate.txt"),
            Template::SystemInHouse => include_str!("new/ja/system-in-house.txt"),
            Template::MinistryBenefits => include_str!("new/ja/ministry-benefits.txt"),
            Template::MunicipalHospital => include_str!("new/ja/municipal-hospital.txt"),
            Template::MunicipalRetender => include_str!("new/ja/municipal-retender.txt"),
            Template::NationalThreeTier => include_str!("new/ja/national-three-tier.txt"),
            Template::Jv => include_str!("new/ja/jv.txt"),
        }
    }

    /// The header comment (`//` lines) in `lang`, and the rest of the RON text.
    pub fn header_and_body(self, lang: Lang) -> (&'static str, &'static str) {
        let text = self.text();
        let end = text
            .lines()
            .take_while(|l| l.starts_with("//"))
            .map(|l| l.len() + 1)
            .sum::<usize>()
            .min(text.len());
        let header = match lang {
            Lang::En => &text[..end],
            Lang::Ja => self.header_ja(),
        };
        (header, &text[end..])
    }

    /// The name used on the command line.
    pub fn name(self) -> String {
        self.to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    }
}

/// Arguments of `new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The use case to start from.
    #[arg(long, short, value_enum)]
    pub template: Template,
    /// Write the model here (its extension picks RON, JSON or YAML) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// The template's text in `format`, its comments in `lang`: RON and YAML carry the header
/// comment (`//` and `#`); JSON has no comments, and no text refers to one.
pub fn render(t: Template, format: Format, lang: Lang) -> String {
    let (header, body) = t.header_and_body(lang);
    match format {
        Format::Ron => format!("{header}{body}"),
        Format::Json | Format::Yaml => {
            let catalog = Catalog::builtin();
            let model = parse_model(&format!("{}.ron", t.name()), t.text(), &catalog)
                .expect("bundled templates are checked by the tests");
            let v = raw::to_value(&model);
            if format == Format::Json {
                json_text(&v)
            } else {
                let comment: String = header
                    .lines()
                    .map(|l| match l.strip_prefix("//") {
                        Some("") => "#\n".to_string(),
                        Some(rest) => format!("#{rest}\n"),
                        None => format!("# {l}\n"),
                    })
                    .collect();
                format!("{comment}{}", raw::to_yaml(&v))
            }
        }
    }
}

/// Run `new`.
pub fn run(args: &NewArgs, env: &Env) -> Outcome {
    let format = match &args.output {
        None => Format::Ron,
        Some(p) => match Format::from_path(&p.to_string_lossy()) {
            Some(f) => f,
            None => {
                return Err(Failure::Usage(
                    format!(
                        "cannot tell the format of {}: use .ron, .json, .yaml or .yml",
                        p.display()
                    ),
                    format!(
                        "{} の形式が分かりません: .ron、.json、.yaml、.yml のいずれかを使ってください",
                        p.display()
                    ),
                ));
            }
        },
    };
    if let Some(p) = &args.output
        && p.exists()
        && !args.force
    {
        return Err(Failure::Usage(
            format!("{} already exists; use --force to replace it", p.display()),
            format!(
                "{} は既に存在します。置き換えるには --force を指定してください",
                p.display()
            ),
        ));
    }
    emit(
        env,
        args.output.as_deref(),
        &render(args.template, format, env.lang),
        &[],
    )?;
    Ok(ExitCode::SUCCESS)
}
