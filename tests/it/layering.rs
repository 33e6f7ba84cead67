//! The house stays as built: every `crate::…` path of every file under
//! `src/` points to its own layer or a lower one. A lower layer that
//! imports a higher one fails here, naming the file, the line and the path.

use std::path::{Path, PathBuf};

/// The layers, lowest first: a module may use its own layer and those below.
/// The first column is the top module of `src/` (a file `x.rs` or a folder
/// `x/`); the table is read top to bottom, the first match wins.
const LAYERS: &[(&str, u8)] = &[
    // The rules (no SQL, no clock) and the words of both languages.
    ("domain", 0),
    ("i18n", 1),
    // Files and the database.
    ("io", 2),
    ("store", 2),
    // The operations of a branch and of the center.
    ("desk", 3),
    ("center", 3),
    // The edges: command line, screens, demo data, benchmark, entry points.
    ("cli", 4),
    ("tui", 4),
    ("demo", 4),
    ("bench", 4),
    ("main", 4),
    ("lib", 4),
];

/// Files that live under a lower module but are an edge (the command line
/// or demo data kept beside the center's operations).
const EDGE_FILES: &[(&str, &str)] = &[];

/// The imports upward that remain, each with why: (file, the top module it
/// uses). Each is test code that builds its fixture with a higher layer.
/// The test also fails when one is no longer needed, so the list shrinks.
const EXCEPTIONS: &[(&str, &str, &str)] = &[(
    "center/import.rs",
    "demo",
    "test: the center imports the real daily reports of demo branches",
)];

/// The layer of a top module name (`complaint_cli`, `demo_voice` … count as
/// the edge they are part of).
fn layer_of_module(name: &str) -> Option<(&'static str, u8)> {
    if name.ends_with("_cli") {
        return Some(("cli", 4));
    }
    if name.starts_with("demo") {
        return Some(("demo", 4));
    }
    LAYERS.iter().find(|(n, _)| *n == name).copied()
}

/// The layer of a file, by its path under `src/`.
fn layer_of_file(rel: &str) -> (&'static str, u8) {
    if let Some((_, edge)) = EDGE_FILES.iter().find(|(f, _)| *f == rel) {
        return layer_of_module(edge).unwrap();
    }
    let top = rel.split('/').next().unwrap().trim_end_matches(".rs");
    layer_of_module(top).unwrap_or_else(|| panic!("src/{rel}: add its top module to LAYERS"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top modules a `crate::` path at the start of `rest` names: one, or
/// each of a `crate::{a, b::c}` group; `None` for a macro (`crate::outln!`).
fn targets(rest: &str) -> Vec<String> {
    if let Some(group) = rest.strip_prefix('{') {
        let body = &group[..group.find('}').unwrap_or(group.len())];
        return body
            .split(',')
            .map(|p| p.trim().split("::").next().unwrap_or("").to_string())
            .filter(|p| !p.is_empty() && p != "self")
            .collect();
    }
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let after = &rest[name.len()..];
    if name.is_empty() || after.starts_with('!') {
        return Vec::new();
    }
    vec![name]
}

/// Every (line, top module) a file's code names by `crate::`, comments left
/// out (a doc comment may point anywhere).
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    // Joined without comments, each line's start kept for its number.
    let mut code = String::new();
    let mut starts = Vec::new();
    for line in text.lines() {
        starts.push(code.len());
        if !line.trim_start().starts_with("//") {
            code.push_str(line);
        }
        code.push('\n');
    }
    let line_of = |at: usize| starts.partition_point(|s| *s <= at);
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = code[from..].find("crate::") {
        let at = from + i;
        from = at + "crate::".len();
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$') {
            continue; // `$crate::` in a macro, `some_crate::`
        }
        for t in targets(&code[from..]) {
            out.push((line_of(at), t));
        }
    }
    out
}

#[test]
fn no_lower_layer_imports_a_higher_one() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    assert!(files.len() > 50, "read the tree under {}", src.display());
    let mut wrong = Vec::new();
    let mut used = vec![false; EXCEPTIONS.len()];
    for path in &files {
        let rel = path
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let (name, layer) = layer_of_file(&rel);
        let text = std::fs::read_to_string(path).unwrap();
        for (line, target) in crate_paths(&text) {
            let Some((tname, tlayer)) = layer_of_module(&target) else {
                wrong.push(format!(
                    "src/{rel}:{line}: crate::{target} is in no layer (add it to LAYERS)"
                ));
                continue;
            };
            if tlayer <= layer {
                continue;
            }
            match EXCEPTIONS
                .iter()
                .position(|(f, t, _)| *f == rel && *t == tname)
            {
                Some(k) => used[k] = true,
                None => wrong.push(format!(
                    "src/{rel}:{line}: {name} (layer {layer}) uses crate::{target} \
                     ({tname}, layer {tlayer})"
                )),
            }
        }
    }
    for (k, (f, t, why)) in EXCEPTIONS.iter().enumerate() {
        if !used[k] {
            wrong.push(format!(
                "src/{f} no longer uses {t}: take it off EXCEPTIONS ({why})"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

/// The files outside `store/` that still run SQL in their product code,
/// each with why (the test fails when one no longer does).
const SQL_ELSEWHERE: &[(&str, &str)] = &[];

/// A file's product code: its test modules (`#[cfg(test)]` to the end,
/// as they are written here) and test files left out.
fn product_code(rel: &str, text: &str) -> String {
    if rel.ends_with("tests.rs") {
        return String::new();
    }
    let end = text.find("\n#[cfg(test)]").unwrap_or(text.len());
    text[..end]
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn no_sql_outside_the_store() {
    const CALLS: &[&str] = &[
        ".prepare(",
        ".prepare_cached(",
        ".execute(",
        ".execute_batch(",
        ".query_row(",
        ".query_map(",
        "\"SELECT ",
        "\"PRAGMA ",
    ];
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    let mut used = vec![false; SQL_ELSEWHERE.len()];
    for path in &files {
        let rel = path
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with("store/") {
            continue;
        }
        let code = product_code(&rel, &std::fs::read_to_string(path).unwrap());
        // `io::table`'s own `prepare()` is no SQL.
        let Some(call) = CALLS
            .iter()
            .find(|c| code.contains(**c) && !(rel == "io/table.rs" && **c == ".prepare("))
        else {
            continue;
        };
        match SQL_ELSEWHERE.iter().position(|(f, _)| *f == rel) {
            Some(k) => used[k] = true,
            None => wrong.push(format!("src/{rel}: SQL ({call}) outside src/store/")),
        }
    }
    for (k, (f, why)) in SQL_ELSEWHERE.iter().enumerate() {
        if !used[k] {
            wrong.push(format!(
                "src/{f} runs no SQL now: take it off SQL_ELSEWHERE ({why})"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_check_sees_an_upward_import_and_skips_comments_and_macros() {
    let text = "use crate::domain::time::Ts;\n\
                // crate::tui in a comment\n\
                use crate::{store::jobs, desk};\n\
                crate::outln!(\"x\");\n\
                $crate::domain::x;\n\
                let x = crate::tui::kit::y();\n";
    let got = crate_paths(text);
    assert_eq!(
        got,
        vec![
            (1, "domain".to_string()),
            (3, "store".into()),
            (3, "desk".into()),
            (6, "tui".into())
        ]
    );
    assert_eq!(layer_of_file("store/jobs.rs"), ("store", 2));
    assert_eq!(layer_of_file("cli/center/pg.rs"), ("cli", 4));
    assert_eq!(layer_of_file("demo_voice.rs"), ("demo", 4));
    assert!(layer_of_module("tui").unwrap().1 > layer_of_file("desk/jobs.rs").1);
}

// ---- No two files import each other ---------------------------------------

/// Pairs of files that still import each other, each with why. The test
/// fails on any other pair, and when a listed pair no longer does.
///
/// A folder's module file and the files directly in it are one room and
/// are not counted: `desk/mod.rs` defines the `Desk` its files add
/// operations to and re-exports what they define.
const CIRCLES_LEFT: &[(&str, &str, &str)] = &[];

/// The module path of a file under `src/` (`tui/dashboard/mod.rs` is
/// `tui::dashboard`, `lib.rs` and `main.rs` the crate).
fn module_of(rel: &str) -> Vec<String> {
    let rel = rel.trim_end_matches(".rs");
    let mut segs: Vec<String> = rel.split('/').map(String::from).collect();
    if segs
        .last()
        .is_some_and(|s| s == "mod" || s == "lib" || s == "main")
    {
        segs.pop();
    }
    segs
}

/// The file that the longest prefix of a module path names, if any.
fn file_of(src: &Path, segs: &[String]) -> Option<String> {
    (1..=segs.len()).rev().find_map(|n| {
        let dir = segs[..n].join("/");
        [format!("{dir}.rs"), format!("{dir}/mod.rs")]
            .into_iter()
            .find(|f| src.join(f).is_file())
    })
}

/// Each path of a `use` tree at the start of `rest` (after `crate::`,
/// `super::` …): `a::b`, `{a, b::{c, d}}` → `a::b`, `a`, `b::c`, `b::d`.
fn use_paths(rest: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut head: Vec<String> = Vec::new();
    let mut chars = rest.char_indices().peekable();
    let mut word = String::new();
    while let Some((i, c)) = chars.next() {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
        } else if c == ':' && chars.peek().is_some_and(|(_, n)| *n == ':') {
            chars.next();
            head.push(std::mem::take(&mut word));
        } else if c == '{' && word.is_empty() {
            let body = &rest[i + 1..];
            let mut depth = 0;
            let mut start = 0;
            for (k, ch) in body.char_indices() {
                match ch {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        for p in use_paths(&body[start..k]) {
                            out.push([head.clone(), p].concat());
                        }
                        return out;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        for p in use_paths(body[start..k].trim()) {
                            out.push([head.clone(), p].concat());
                        }
                        start = k + 1;
                    }
                    _ => {}
                }
            }
            return out;
        } else if c.is_whitespace() && word.is_empty() && head.is_empty() {
            continue;
        } else {
            break;
        }
    }
    if !word.is_empty() && word != "self" {
        head.push(word);
    }
    if !head.is_empty() && !head.iter().any(|s| s.is_empty()) {
        out.push(head);
    }
    out
}

/// The files a file names by path: `crate::…`, `super::…`, `self::…`, and
/// in a module file its child modules by name (`state::App`). A glob
/// `super::*` (a test module's own file) and comments are left out.
fn file_imports(src: &Path, rel: &str, text: &str) -> std::collections::BTreeSet<String> {
    let own = module_of(rel);
    let is_module_file = rel.ends_with("mod.rs") || !rel.contains('/');
    let children: Vec<String> = text
        .lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let l = l.strip_prefix("pub ").unwrap_or(l);
            let l = l.strip_prefix("pub(crate) ").unwrap_or(l);
            let name = l.strip_prefix("mod ")?.strip_suffix(';')?;
            Some(name.to_string())
        })
        .collect();
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = std::collections::BTreeSet::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < code.len() {
        let at_word = i == 0 || {
            let b = bytes[i - 1];
            !(b.is_ascii_alphanumeric() || b == b'_' || b == b':' || b == b'$')
        };
        if !at_word || !code.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let rest = &code[i..];
        // `pub(in crate::x)` is a visibility, not an import.
        if code[..i].ends_with("(in ") {
            i += 1;
            continue;
        }
        let (base, after): (Vec<String>, &str) = if let Some(r) = rest.strip_prefix("crate::") {
            (Vec::new(), r)
        } else if let Some(r) = rest.strip_prefix("super::") {
            if r.starts_with('*') {
                i += 1;
                continue;
            }
            let mut base = own.clone();
            base.pop();
            // `super::super::x`
            let mut r = r;
            while let Some(more) = r.strip_prefix("super::") {
                base.pop();
                r = more;
            }
            (base, r)
        } else if let Some(r) = rest.strip_prefix("self::") {
            (own.clone(), r)
        } else if is_module_file && children.iter().any(|c| rest.starts_with(&format!("{c}::"))) {
            (own.clone(), rest)
        } else {
            i += 1;
            continue;
        };
        for p in use_paths(after) {
            if let Some(f) = file_of(src, &[base.clone(), p].concat())
                && f != rel
            {
                out.insert(f);
            }
        }
        i += 1;
    }
    out
}

#[test]
fn no_two_files_import_each_other() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut imports = std::collections::BTreeMap::new();
    for path in &files {
        let rel = path
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(path).unwrap();
        let targets = file_imports(&src, &rel, &text);
        imports.insert(rel, targets);
    }
    let mut wrong = Vec::new();
    let mut used = vec![false; CIRCLES_LEFT.len()];
    for (a, targets) in &imports {
        for b in targets {
            if a >= b || !imports.get(b).is_some_and(|t| t.contains(a)) {
                continue;
            }
            let parent_of = |x: &str| {
                let mut m = module_of(x);
                m.pop();
                file_of(&src, &m)
            };
            if parent_of(a).as_deref() == Some(b.as_str())
                || parent_of(b).as_deref() == Some(a.as_str())
            {
                continue;
            }
            match CIRCLES_LEFT
                .iter()
                .position(|(x, y, _)| (x, y) == (&a.as_str(), &b.as_str()))
            {
                Some(k) => used[k] = true,
                None => wrong.push(format!("src/{a} and src/{b} import each other")),
            }
        }
    }
    for (k, (a, b, why)) in CIRCLES_LEFT.iter().enumerate() {
        if !used[k] {
            wrong.push(format!(
                "src/{a} and src/{b} no longer import each other: take them off \
                 CIRCLES_LEFT ({why})"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_circle_check_reads_paths_to_files() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let text = "use super::form::{Field, FieldId};\n\
                use super::{keymap, view::draw};\n\
                // super::cases in a comment\n\
                use super::*;\n\
                let x = crate::tui::kit::{frame::clear, theme::DIM};\n\
                crate::desk::said::desk_error(l, e);\n";
    let got: Vec<String> = file_imports(&src, "tui/dashboard/state.rs", text)
        .into_iter()
        .collect();
    assert_eq!(
        got,
        vec![
            "desk/said.rs",
            "tui/dashboard/form/mod.rs",
            "tui/dashboard/keymap.rs",
            "tui/dashboard/view.rs",
            "tui/kit/frame.rs",
            "tui/kit/theme.rs",
        ]
    );
    // A module file names its children by name; a child names its parent.
    let got = file_imports(
        &src,
        "tui/dashboard/mod.rs",
        "mod state;\npub use state::App;\nuse super::Screen;\n",
    );
    assert_eq!(
        got.into_iter().collect::<Vec<_>>(),
        vec!["tui/dashboard/state.rs", "tui/mod.rs"]
    );
}

/// The groups of files that reach each other through imports (Tarjan's
/// strongly connected components of more than one file).
fn circles(imports: &std::collections::BTreeMap<String, Vec<String>>) -> Vec<Vec<String>> {
    struct Walk<'a> {
        imports: &'a std::collections::BTreeMap<String, Vec<String>>,
        index: std::collections::HashMap<&'a str, (usize, usize)>,
        stack: Vec<&'a str>,
        on_stack: std::collections::HashSet<&'a str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, v: &'a str) {
            self.index.insert(v, (self.next, self.next));
            self.next += 1;
            self.stack.push(v);
            self.on_stack.insert(v);
            for w in self.imports.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.index[v].1.min(self.index[w].1);
                    self.index.get_mut(v).unwrap().1 = low;
                } else if self.on_stack.contains(w) {
                    let low = self.index[v].1.min(self.index[w].0);
                    self.index.get_mut(v).unwrap().1 = low;
                }
            }
            if self.index[v].0 == self.index[v].1 {
                let mut group = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    group.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if group.len() > 1 {
                    group.sort();
                    self.out.push(group);
                }
            }
        }
    }
    let mut walk = Walk {
        imports,
        index: Default::default(),
        stack: Vec::new(),
        on_stack: Default::default(),
        next: 0,
        out: Vec::new(),
    };
    for v in imports.keys() {
        if !walk.index.contains_key(v.as_str()) {
            walk.visit(v);
        }
    }
    walk.out.sort();
    walk.out
}

/// Every file's imports, leaving out a file's use of its own folder's
/// module file (one room, as in [`no_two_files_import_each_other`]).
fn import_graph() -> std::collections::BTreeMap<String, Vec<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut imports = std::collections::BTreeMap::new();
    for path in &files {
        let rel = path
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(path).unwrap();
        let mut parent = module_of(&rel);
        parent.pop();
        let parent = file_of(&src, &parent);
        let targets = file_imports(&src, &rel, &text)
            .into_iter()
            .filter(|t| Some(t) != parent.as_ref())
            .collect();
        imports.insert(rel, targets);
    }
    imports
}

/// No file is in a circle of any length: a file never reaches itself
/// through the files it imports (a folder's module file aside, as in
/// [`no_two_files_import_each_other`]). The dashboard's features import
/// `model`, `action` and `form`, and only `state` imports them; a test that
/// builds its fixture with a higher layer lives in that layer.
#[test]
fn no_file_is_in_a_circle() {
    let found: Vec<String> = circles(&import_graph())
        .into_iter()
        .map(|c| c.join(" → "))
        .collect();
    assert!(
        found.is_empty(),
        "files that reach each other:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_circle_search_finds_a_circle_of_three() {
    let g: std::collections::BTreeMap<String, Vec<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a", "d"]),
        ("d", vec![]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(circles(&g), vec![vec!["a", "b", "c"]]);
}
