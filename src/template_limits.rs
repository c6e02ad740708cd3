//! Bounds on what a template may do, so a faulty template in a data folder
//! (`--data`) cannot take the program, or a whole server, down (hosting
//! review F2, F3, F6).
//!
//! Two layers:
//! - [`check`], at load, reads every compiled template of a data folder and
//!   refuses, naming the file, one that can recurse (a macro that calls
//!   itself, or templates that include each other: each would overflow the
//!   stack and abort the process), a `range` that is not a number written in
//!   the template or gives more than [`MAX_RANGE`] numbers, or loops that
//!   could run more than [`MAX_WORK`] times
//!   (counting a loop over an answer as [`ANSWER_ITEMS`] rounds, the most
//!   items a list answer may have), or a `set` inside a loop that feeds a
//!   text or list into itself (it could double in size each round).
//! - [`render`], at run time, writes every render through a writer that
//!   stops it past [`MAX_OUTPUT`] bytes or past the step's deadline
//!   ([`with_deadline`]), so the one request fails with an error and its
//!   thread is free again.

use std::cell::Cell;
use std::collections::HashMap;
use std::io::Write;
use std::time::{Duration, Instant};
use tera::ast::{Expr, ExprVal, Node};
use tera::{Context, Tera};

/// The most bytes one render may write. A whole letter is about 20 KB.
pub const MAX_OUTPUT: usize = 8 * 1024 * 1024;
/// The most loop rounds (and macro calls) a template may be able to run:
/// about a second of work at the most.
pub const MAX_WORK: u64 = 100_000_000;
/// The most numbers one `range` may give.
pub const MAX_RANGE: u64 = 100_000;
/// How many rounds a loop over anything but a `range` or a written list is
/// counted as: the most items a list answer may have. (A loop over a text
/// answer's characters can run up to 20,000 rounds; the run-time deadline
/// stops such a template if it runs long.)
pub const ANSWER_ITEMS: u64 = crate::facts::MAX_LIST_ITEMS as u64;

thread_local! {
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Runs `work` with every render on this thread stopped after `limit`.
pub fn with_deadline<T>(limit: Duration, work: impl FnOnce() -> T) -> T {
    struct Reset(Option<Instant>);
    impl Drop for Reset {
        fn drop(&mut self) {
            DEADLINE.with(|d| d.set(self.0));
        }
    }
    let _reset = Reset(DEADLINE.with(|d| d.replace(Some(Instant::now() + limit))));
    work()
}

struct Bounded {
    out: Vec<u8>,
    deadline: Option<Instant>,
    writes: u32,
}

impl Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.out.len() + buf.len() > MAX_OUTPUT {
            return Err(std::io::Error::other(TOO_BIG));
        }
        self.writes = self.writes.wrapping_add(1);
        if self.writes % 64 == 0 {
            if let Some(d) = self.deadline {
                if Instant::now() > d {
                    return Err(std::io::Error::other(TOO_LONG));
                }
            }
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Renders `name`, stopped past [`MAX_OUTPUT`] bytes or the deadline.
pub fn render(tera: &Tera, name: &str, ctx: &Context) -> tera::Result<String> {
    let mut w = Bounded {
        out: Vec::with_capacity(1024),
        deadline: DEADLINE.with(|d| d.get()),
        writes: 0,
    };
    tera.render_to(name, ctx, &mut w)?;
    String::from_utf8(w.out).map_err(|e| tera::Error::msg(e.to_string()))
}

/// Why a render was stopped by its bounds, if it was.
pub fn stopped(e: &tera::Error) -> Option<&'static str> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        let text = s.to_string();
        if let Some(why) = [TOO_BIG, TOO_LONG].into_iter().find(|w| text == *w) {
            return Some(why);
        }
        source = s.source();
    }
    None
}

const TOO_BIG: &str = "it wrote more than 8 MB, far more than any document needs";
const TOO_LONG: &str = "it ran past the time a step may take";

/// Checks every template in `tera` against the bounds above; `origin`
/// names the file a template came from, for the message.
pub fn check(tera: &Tera, origin: &dyn Fn(&str) -> String) -> anyhow::Result<()> {
    let mut names: Vec<&String> = tera.templates.keys().collect();
    names.sort();
    let mut walk = Walk {
        tera,
        active: Vec::new(),
        done: HashMap::new(),
    };
    let fail = |name: &str, why: String| anyhow::anyhow!("{}: {why}", origin(name));
    // Every macro first, so one that recurses is named in the file that
    // defines it, whether or not anything calls it.
    for name in &names {
        let t = &tera.templates[*name];
        let mut macros: Vec<&String> = t.macros.keys().collect();
        macros.sort();
        for m in macros {
            let entered = walk
                .enter(format!("macro {m} in {name}"), format!("the macro `{m}`"))
                .map_err(|why| fail(name, why))?;
            if let Some(k) = entered {
                let inner = walk
                    .nodes(name, &t.macros[m].body, false)
                    .map_err(|why| fail(name, why))?;
                walk.leave(k, inner);
            }
        }
    }
    for name in names {
        let work = walk
            .nodes(name, &tera.templates[name].ast, false)
            .map_err(|why| fail(name, why))?;
        if work > MAX_WORK {
            return Err(fail(
                name,
                format!(
                    "its loops could run about {work} times, more than the {MAX_WORK} allowed \
                     (a loop over an answer counts as {ANSWER_ITEMS}, the most items a list \
                     answer may have); a template that runs that long would hold up everyone else"
                ),
            ));
        }
    }
    Ok(())
}

struct Walk<'a> {
    tera: &'a Tera,
    /// The macros and included templates being walked, innermost last.
    active: Vec<(String, String)>,
    /// The work of each macro or template already walked.
    done: HashMap<String, u64>,
}

fn mul(a: u64, b: u64) -> u64 {
    a.saturating_mul(b)
}

impl Walk<'_> {
    /// Starts walking a macro or an included template (`key`, shown as
    /// `shown`); `None` if it was walked already.
    fn enter(&mut self, key: String, shown: String) -> Result<Option<String>, String> {
        if let Some(at) = self.active.iter().position(|(k, _)| *k == key) {
            let mut path: Vec<&str> = self.active[at..].iter().map(|(_, s)| s.as_str()).collect();
            path.push(&shown);
            return Err(format!(
                "{shown} calls itself ({}); a template may not recurse, because one that never \
                 stops would overflow the stack and end the whole program",
                path.join(" → ")
            ));
        }
        if self.done.contains_key(&key) {
            return Ok(None);
        }
        self.active.push((key.clone(), shown));
        Ok(Some(key))
    }

    fn leave(&mut self, key: String, work: u64) -> u64 {
        self.active.pop();
        self.done.insert(key, work);
        work
    }

    fn nodes(&mut self, tpl: &str, nodes: &[Node], in_loop: bool) -> Result<u64, String> {
        let mut work = 0u64;
        for n in nodes {
            work = work.saturating_add(self.node(tpl, n, in_loop)?);
        }
        Ok(work)
    }

    fn node(&mut self, tpl: &str, node: &Node, in_loop: bool) -> Result<u64, String> {
        Ok(match node {
            Node::VariableBlock(_, e) => self.expr(tpl, e)?,
            Node::Set(_, s) => {
                if in_loop && grows_itself(&s.key, &s.value) {
                    return Err(format!(
                        "`set {}` inside a loop adds `{}` to itself, so it could double in size \
                         each round; build the text in the loop's output instead",
                        s.key, s.key
                    ));
                }
                self.expr(tpl, &s.value)?
            }
            Node::FilterSection(_, f, _) => {
                let mut w = self.nodes(tpl, &f.body, in_loop)?;
                for a in f.filter.args.values() {
                    w = w.saturating_add(self.expr(tpl, a)?);
                }
                w
            }
            Node::Block(_, b, _) => self.nodes(tpl, &b.body, in_loop)?,
            Node::Forloop(_, f, _) => {
                let rounds = match &f.container.val {
                    ExprVal::FunctionCall(c) if c.name == "range" => range_len(&c.args)?,
                    ExprVal::Array(items) => items.len() as u64,
                    _ => ANSWER_ITEMS,
                };
                let body = self.nodes(tpl, &f.body, true)?;
                let empty = match &f.empty_body {
                    Some(b) => self.nodes(tpl, b, in_loop)?,
                    None => 0,
                };
                self.expr(tpl, &f.container)?
                    .saturating_add(mul(rounds, body.saturating_add(1)))
                    .saturating_add(empty)
            }
            Node::If(i, _) => {
                let mut w = 0u64;
                for (_, cond, body) in &i.conditions {
                    w = w
                        .saturating_add(self.expr(tpl, cond)?)
                        .saturating_add(self.nodes(tpl, body, in_loop)?);
                }
                if let Some((_, body)) = &i.otherwise {
                    w = w.saturating_add(self.nodes(tpl, body, in_loop)?);
                }
                w
            }
            Node::Include(_, names, _) => {
                let mut w = 0u64;
                for name in names {
                    let Some(t) = self.tera.templates.get(name) else {
                        continue;
                    };
                    let key = format!("template {name}");
                    let shown = format!("the included template `{name}`");
                    w = w.saturating_add(match self.enter(key.clone(), shown)? {
                        Some(k) => {
                            let inner = self.nodes(name, &t.ast, in_loop)?;
                            self.leave(k, inner)
                        }
                        None => self.done[&key],
                    });
                }
                w
            }
            // A macro's body is counted where it is called.
            _ => 1,
        })
    }

    fn expr(&mut self, tpl: &str, e: &Expr) -> Result<u64, String> {
        let mut w = self.val(tpl, &e.val)?;
        for f in &e.filters {
            for a in f.args.values() {
                w = w.saturating_add(self.expr(tpl, a)?);
            }
        }
        Ok(w)
    }

    fn val(&mut self, tpl: &str, v: &ExprVal) -> Result<u64, String> {
        Ok(match v {
            ExprVal::Math(m) => self
                .expr(tpl, &m.lhs)?
                .saturating_add(self.expr(tpl, &m.rhs)?),
            ExprVal::Logic(m) => self
                .expr(tpl, &m.lhs)?
                .saturating_add(self.expr(tpl, &m.rhs)?),
            ExprVal::In(m) => self
                .expr(tpl, &m.lhs)?
                .saturating_add(self.expr(tpl, &m.rhs)?),
            ExprVal::Test(t) => {
                let mut w = 1u64;
                for a in &t.args {
                    w = w.saturating_add(self.expr(tpl, a)?);
                }
                w
            }
            ExprVal::Array(items) => {
                let mut w = 1u64;
                for a in items {
                    w = w.saturating_add(self.expr(tpl, a)?);
                }
                w
            }
            ExprVal::StringConcat(c) => {
                let mut w = 1u64;
                for a in &c.values {
                    w = w.saturating_add(self.val(tpl, a)?);
                }
                w
            }
            ExprVal::FunctionCall(c) => {
                let mut w = if c.name == "range" {
                    range_len(&c.args)?
                } else {
                    1
                };
                for a in c.args.values() {
                    w = w.saturating_add(self.expr(tpl, a)?);
                }
                w
            }
            ExprVal::MacroCall(c) => {
                let mut w = 1u64;
                for a in c.args.values() {
                    w = w.saturating_add(self.expr(tpl, a)?);
                }
                let file = if c.namespace == "self" {
                    Some(tpl.to_string())
                } else {
                    self.tera.templates.get(tpl).and_then(|t| {
                        t.imported_macro_files
                            .iter()
                            .find(|(_, ns)| *ns == c.namespace)
                            .map(|(f, _)| f.clone())
                    })
                };
                let Some(file) = file else { return Ok(w) };
                let Some(def) = self
                    .tera
                    .templates
                    .get(&file)
                    .and_then(|t| t.macros.get(&c.name))
                else {
                    return Ok(w);
                };
                let key = format!("macro {} in {file}", c.name);
                let shown = format!("the macro `{}`", c.name);
                let inner = match self.enter(key.clone(), shown)? {
                    Some(k) => {
                        let inner = self.nodes(&file, &def.body, false)?;
                        self.leave(k, inner)
                    }
                    None => self.done[&key],
                };
                w.saturating_add(inner)
            }
            _ => 1,
        })
    }
}

/// How many numbers a `range(...)` gives, which must be written as numbers.
fn range_len(args: &HashMap<String, Expr>) -> Result<u64, String> {
    let int = |name: &str, default: i64| -> Result<i64, String> {
        match args.get(name) {
            None => Ok(default),
            Some(Expr {
                val: ExprVal::Int(n),
                filters,
                ..
            }) if filters.is_empty() => Ok(*n),
            Some(_) => Err(format!(
                "the `{name}` of a `range` must be a number written in the template, so \
                 fairmove can tell how long it runs"
            )),
        }
    };
    let start = int("start", 0)?;
    let end = int("end", 0)?;
    let step = int("step_by", 1)?.max(1);
    let len = (end.saturating_sub(start).max(0) as u64).div_ceil(step as u64);
    // tera makes the whole list before the loop starts: ten million
    // numbers took 400 MB.
    if len > MAX_RANGE {
        return Err(format!(
            "a `range` of {len} numbers is more than the {MAX_RANGE} allowed (tera makes the \
             whole list in memory first)"
        ));
    }
    Ok(len)
}

/// Whether `value` uses `key` where it could grow it: joined to text (`~`),
/// or with a filter (`concat`, `join` and the like).
fn grows_itself(key: &str, value: &Expr) -> bool {
    fn mentions(key: &str, v: &ExprVal) -> bool {
        match v {
            ExprVal::Ident(i) => i == key || i.starts_with(&format!("{key}.")),
            ExprVal::StringConcat(c) => c.values.iter().any(|v| mentions(key, v)),
            ExprVal::Math(m) => mentions(key, &m.lhs.val) || mentions(key, &m.rhs.val),
            ExprVal::Array(items) => items.iter().any(|e| mentions(key, &e.val)),
            ExprVal::FunctionCall(c) => c.args.values().any(|e| mentions(key, &e.val)),
            ExprVal::MacroCall(c) => c.args.values().any(|e| mentions(key, &e.val)),
            _ => false,
        }
    }
    // Fed through a filter, or as a filter's argument.
    let filtered = !value.filters.is_empty() && mentions(key, &value.val);
    let filter_arg = value
        .filters
        .iter()
        .any(|f| f.args.values().any(|a| mentions(key, &a.val)));
    // Joined, listed or passed on; multiplied (a bare `x` is only a copy).
    let joined = match &value.val {
        ExprVal::Ident(_) => false,
        ExprVal::Math(m) => {
            matches!(m.operator, tera::ast::MathOperator::Mul)
                && (mentions(key, &m.lhs.val) || mentions(key, &m.rhs.val))
        }
        v => mentions(key, v),
    };
    filtered || filter_arg || joined
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(src: &str) -> anyhow::Result<()> {
        let mut tera = Tera::default();
        tera.add_raw_template("t.md", src)?;
        check(&tera, &|n| format!("templates/x/{n}"))
    }

    #[test]
    fn refuses_a_macro_that_calls_itself() {
        let err = checked("{% macro r(n) %}{{ self::r(n=n+1) }}{% endmacro r %}{{ self::r(n=1) }}")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "templates/x/t.md: the macro `r` calls itself (the macro `r` → the macro `r`)"
            ),
            "{err}"
        );
    }

    #[test]
    fn refuses_macros_that_call_each_other() {
        let err = checked(
            "{% macro a() %}{{ self::b() }}{% endmacro a %}{% macro b() %}{{ self::a() }}{% endmacro b %}{{ self::a() }}",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("calls itself (the macro `a` → the macro `b` → the macro `a`)"),
            "{err}"
        );
    }

    #[test]
    fn refuses_templates_that_include_each_other() {
        let mut tera = Tera::default();
        tera.add_raw_templates(vec![
            ("a.md", "A{% include \"b.md\" %}"),
            ("b.md", "B{% include \"a.md\" %}"),
        ])
        .unwrap();
        let err = check(&tera, &|n| n.to_string()).unwrap_err().to_string();
        assert!(err.contains("calls itself"), "{err}");
    }

    #[test]
    fn refuses_loops_that_run_too_long() {
        let err = checked(
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% set x = i %}{% endfor %}{% endfor %}",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("could run about"), "{err}");
        // A loop inside a loop over answers.
        let err = checked(
            "{% for a in xs %}{% for b in ys %}{% for c in zs %}{% for d in ws %}{{ a }}{{ d }}{% endfor %}{% endfor %}{% endfor %}{% endfor %}",
        )
            .unwrap_err()
            .to_string();
        assert!(err.contains("a loop over an answer counts as 200"), "{err}");
        // Through a macro.
        let err = checked(
            "{% macro m() %}{% for i in range(end=20000) %}.{% endfor %}{% endmacro m %}{% for i in range(end=20000) %}{{ self::m() }}{% endfor %}",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("could run about"), "{err}");
    }

    #[test]
    fn refuses_a_range_it_cannot_measure_and_a_set_that_grows_itself() {
        let err = checked("{% for i in range(end=n) %}.{% endfor %}")
            .unwrap_err()
            .to_string();
        assert!(err.contains("`end` of a `range` must be a number"), "{err}");
        let err = checked("{% set a = range(end=1000000000) %}")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("a `range` of 1000000000 numbers is more than the 100000 allowed"),
            "{err}"
        );
        let err = checked(
            "{% set_global s = 'x' %}{% for i in range(end=40) %}{% set_global s = s ~ s %}{% endfor %}",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("`set s` inside a loop adds `s` to itself"),
            "{err}"
        );
    }

    #[test]
    fn every_built_in_template_is_within_the_bounds() {
        // So a data folder that copies them, and changes a word, is taken.
        let data = crate::data::DataSource::builtin();
        for id in crate::document::list_ids(&data).unwrap() {
            let mut engine = crate::Engine::load(&data, &id).unwrap();
            engine.compile_all().unwrap();
            check(&engine.tera, &|n| format!("{id}: {n}")).unwrap();
        }
        check(&crate::web::pages::load(&data).unwrap(), &|n| n.to_string()).unwrap();
    }

    #[test]
    fn allows_what_letters_do() {
        checked(
            "{% set n = 0 %}{% for i in items %}{% set_global n = n + 1 %}- {{ i }}\n{% endfor %}{% for i in range(end=6) %}____\n{% endfor %}{{ n }}",
        )
        .unwrap();
    }

    #[test]
    fn stops_a_render_past_its_size_or_deadline() {
        let mut tera = Tera::default();
        tera.add_raw_template(
            "big",
            "{% for i in range(end=100000) %}{{ i }}{{ pad }}{% endfor %}",
        )
        .unwrap();
        let mut ctx = Context::new();
        ctx.insert("pad", &"x".repeat(200));
        let err = render(&tera, "big", &ctx).unwrap_err();
        let why = format!("{err:?}");
        assert!(why.contains("more than 8 MB"), "{why}");
        ctx.insert("pad", "");
        let err = with_deadline(Duration::ZERO, || render(&tera, "big", &ctx)).unwrap_err();
        assert!(format!("{err:?}").contains("ran past the time"), "{err:?}");
        // Outside the deadline the same render finishes.
        assert!(render(&tera, "big", &ctx).unwrap().len() > 100_000);
    }
}
