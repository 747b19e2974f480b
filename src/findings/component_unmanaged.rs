//! `component-unmanaged`: a component none of whose users holds Developer.

use super::{Code, CodeDoc, Ctx, Finding, words};
use crate::derive::Because;
use crate::i18n::Lang;
use crate::model::types::Role;
use crate::tr;

pub(super) const DOC: CodeDoc = CodeDoc {
    summary: (
        "A component is used only by parties that hold no Developer role.",
        "コンポーネントを利用する関係者が、いずれも開発者の役割を持っていません。",
    ),
    what: (
        "A component (OSS, a library) carries no duties of its own: the developers that build it into their software account for it in (2)-1 (S(2)-1.3 names OSS). None of this component's `used_by` parties holds Developer, so nobody manages it.",
        "コンポーネント (OSS やライブラリ) は自ら責務を負わず、組み込む開発者が (2)-1 の中で扱います (S(2)-1.3 は OSS を挙げています)。このコンポーネントの `used_by` のいずれも開発者ではないため、誰も管理していません。",
    ),
    why: (
        "Vulnerabilities in components are fixed only if someone tracks them and takes up their fixes ((2)-1, (3)-2).",
        "コンポーネントの脆弱性は、誰かが追跡し修正を取り込まなければ直りません ((2)-1、(3)-2)。",
    ),
    fix: (
        "Name in `used_by` the developer that builds the component in, or engage one under a contract that passes Developer.",
        "コンポーネントを組み込む開発者を `used_by` に書くか、開発者の役割を渡す契約で開発者を置いてください。",
    ),
};

pub(super) fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for (ci, c) in cx.model.components.iter().enumerate() {
        let managed = c
            .used_by
            .iter()
            .any(|&p| cx.roles.of_party(p).any(|h| h.role == Role::Developer));
        if managed {
            continue;
        }
        let mut f = Finding::new(Code::ComponentUnmanaged);
        f.component = Some(ci);
        f.parties = c.used_by.clone();
        f.span = Some(c.span);
        // Why none is a developer: the component, then what each user holds instead.
        f.because.push(Because::Component { component: ci });
        for &p in &c.used_by {
            for h in cx.roles.of_party(p) {
                for b in &h.because {
                    if !f.because.contains(b) {
                        f.because.push(b.clone());
                    }
                }
            }
        }
        out.push(f);
    }
}

pub(super) fn text(f: &Finding, cx: &Ctx, lang: Lang) -> (String, String) {
    let c = &cx.model.components[f
        .component
        .expect("component-unmanaged findings are about a component")];
    let id = lang.quote(&crate::style::shown(&c.id));
    // Each user with the roles it holds instead, so the message says why none develops.
    let users: Vec<String> = c
        .used_by
        .iter()
        .map(|&p| {
            let held: Vec<String> = cx
                .roles
                .of_party(p)
                .map(|h| format!("{}({})", h.role.label(lang), h.qualifier.label(lang)))
                .collect();
            let who = words::party(cx.model, p, lang);
            if held.is_empty() {
                tr!(lang, "{who} (no role)", "{who} (役割なし)")
            } else {
                let held = held.join(", ");
                tr!(lang, "{who} (holds {held})", "{who} ({held})")
            }
        })
        .collect();
    let users = lang.list(&users);
    (
        tr!(
            lang,
            "component {id} is used only by {users}, none of which holds Developer",
            "コンポーネント {id} の利用者 {users} はいずれも開発者ではありません"
        ),
        tr!(
            lang,
            "add the developer that builds {id} in to its `used_by`",
            "{id} を組み込む開発者を `used_by` に加えてください"
        ),
    )
}
