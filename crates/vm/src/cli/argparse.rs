//! Port of the parts of Lib/argparse.py the `-m` tools use: option matching, usage and help text, and error messages, byte for byte.
//!
//! A [`Parser`] holds `add_argument`-style [`Arg`]s: flags (`store_true`/`store_false`),
//! options taking one value (optionally an `int` or one of fixed `choices`), `-h/--help`, and
//! one optional positional (`nargs='?'`). [`Parser::parse`] follows
//! `ArgumentParser._parse_known_args`: unique prefixes of long options, `-xVALUE` and
//! `--opt=VALUE`, clusters of short flags (`-ai2`), `--`, negative numbers as values, the
//! positional taken where it first fits, and argparse's exact error messages. The help and
//! usage text follow `HelpFormatter` with the width argparse gets from `COLUMNS` (else 80
//! columns, what CPython uses when stdout is not a terminal) minus 2.

use oxpy_objects::repr::str_repr;
use std::collections::BTreeMap;

/// What an argument does with its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgKind {
    /// `action='help'`.
    Help,
    /// `action='store_true'` (`true`) or `action='store_false'` (`false`).
    Flag(bool),
    /// One value (`nargs=None`): a string, or an `int` when `int` is set, one of `choices`
    /// when given.
    Value {
        /// `type=int`.
        int: bool,
        /// `choices=(...)`.
        choices: Option<Vec<&'static str>>,
        /// `metavar`, else the dest in capitals (or `{a,b}` for choices).
        metavar: Option<&'static str>,
    },
    /// A positional with `nargs='?'`.
    OptionalPositional,
    /// A positional with `nargs='+'` (required; its values are a [`Value::List`]).
    OneOrMore,
}

/// One `add_argument` call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arg {
    /// Where the value goes (`dest`).
    pub dest: &'static str,
    /// The option strings (`-m`, `--mode`); empty for the positional.
    pub options: Vec<&'static str>,
    /// What it does.
    pub kind: ArgKind,
    /// Its help text.
    pub help: &'static str,
}

impl Arg {
    /// The `-h, --help` option every `ArgumentParser` adds first (`add_help=True`).
    pub fn help() -> Arg {
        Arg {
            dest: "help",
            options: vec!["-h", "--help"],
            kind: ArgKind::Help,
            help: "show this help message and exit",
        }
    }
}

/// A parsed value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A flag's value.
    Bool(bool),
    /// A string value.
    Str(String),
    /// An `int` value.
    Int(i64),
    /// The values of an `nargs='+'` positional.
    List(Vec<String>),
}

/// The outcome of parsing a command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parsed {
    /// The values given, by dest (defaults are the caller's business).
    Values(BTreeMap<&'static str, Value>),
    /// `-h`: print this text to stdout, exit 0.
    Help(String),
    /// An error: print this text (usage and `PROG: error: MSG`) to stderr, exit 2.
    Error(String),
}

/// An argument parser (`ArgumentParser(prog=…)` with its arguments).
#[derive(Clone, Debug)]
pub struct Parser {
    /// The program name shown in messages.
    pub prog: String,
    /// The arguments, in `add_argument` order.
    pub args: Vec<Arg>,
    /// The formatter width (`shutil.get_terminal_size().columns - 2`).
    pub width: usize,
    /// `description=`: the paragraph `-h` prints after the usage.
    pub description: Option<&'static str>,
}

/// `shutil.get_terminal_size().columns - 2` for a stdout that is not a terminal: `COLUMNS`
/// when it is a positive number, else 80.
pub fn default_width() -> usize {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<i64>().ok())
        .filter(|&c| c > 0)
        .unwrap_or(80);
    (columns as usize).saturating_sub(2)
}

/// `int(text)` for a command-line word: surrounding whitespace, a sign, and single
/// underscores between digits allowed.
pub fn python_int(text: &str) -> Option<i64> {
    let t = text.trim();
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    if !clean.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: i64 = clean.parse().ok()?;
    Some(if neg { -v } else { v })
}

/// One option-string match of a word (`_parse_optional`'s tuples).
#[derive(Clone, Debug)]
struct OptionMatch {
    /// Index into `Parser::args`, `None` for an unknown option.
    action: Option<usize>,
    option: String,
    /// `Some(true)` for `=`, `Some(false)` for a glued short value, `None` for none.
    sep: Option<bool>,
    explicit: Option<String>,
}

/// A word as argparse classifies it.
enum Word {
    Positional,
    Optional(OptionMatch),
}

impl Parser {
    fn option_strings(&self) -> impl Iterator<Item = (&'static str, usize)> + '_ {
        self.args
            .iter()
            .enumerate()
            .flat_map(|(i, a)| a.options.iter().map(move |o| (*o, i)))
    }

    fn find_option(&self, s: &str) -> Option<usize> {
        self.option_strings().find(|(o, _)| *o == s).map(|(_, i)| i)
    }

    /// `_parse_optional`: `Err` is the "ambiguous option" message.
    fn classify(&self, word: &str) -> Result<Word, String> {
        if !word.starts_with('-') {
            return Ok(Word::Positional);
        }
        if let Some(i) = self.find_option(word) {
            return Ok(Word::Optional(OptionMatch {
                action: Some(i),
                option: word.to_string(),
                sep: None,
                explicit: None,
            }));
        }
        if word.chars().count() == 1 {
            return Ok(Word::Positional);
        }
        if let Some((prefix, explicit)) = word.split_once('=') {
            if let Some(i) = self.find_option(prefix) {
                return Ok(Word::Optional(OptionMatch {
                    action: Some(i),
                    option: prefix.to_string(),
                    sep: Some(true),
                    explicit: Some(explicit.to_string()),
                }));
            }
        }
        let tuples = self.option_tuples(word);
        if tuples.len() > 1 {
            let matches: Vec<&str> = tuples.iter().map(|t| t.option.as_str()).collect();
            return Err(format!(
                "ambiguous option: {word} could match {}",
                matches.join(", ")
            ));
        }
        if let Some(t) = tuples.into_iter().next() {
            return Ok(Word::Optional(t));
        }
        if is_negative_number(word) || word.contains(' ') {
            return Ok(Word::Positional);
        }
        Ok(Word::Optional(OptionMatch {
            action: None,
            option: word.to_string(),
            sep: None,
            explicit: None,
        }))
    }

    /// `_get_option_tuples` (`allow_abbrev=True`).
    fn option_tuples(&self, word: &str) -> Vec<OptionMatch> {
        let mut out = Vec::new();
        if let Some(long) = word.strip_prefix("--") {
            let _ = long;
            let (prefix, sep, explicit) = match word.split_once('=') {
                Some((p, e)) => (p, Some(true), Some(e.to_string())),
                None => (word, None, None),
            };
            for (o, i) in self.option_strings() {
                if o.starts_with(prefix) {
                    out.push(OptionMatch {
                        action: Some(i),
                        option: o.to_string(),
                        sep,
                        explicit: explicit.clone(),
                    });
                }
            }
        } else {
            let split = word.char_indices().nth(2).map_or(word.len(), |(i, _)| i);
            let (short, rest) = word.split_at(split);
            for (o, i) in self.option_strings() {
                if o == short {
                    out.push(OptionMatch {
                        action: Some(i),
                        option: o.to_string(),
                        sep: Some(false),
                        explicit: Some(rest.to_string()),
                    });
                } else if o.starts_with(word) {
                    out.push(OptionMatch {
                        action: Some(i),
                        option: o.to_string(),
                        sep: None,
                        explicit: None,
                    });
                }
            }
        }
        out
    }

    /// `argument -m/--mode: ` for error messages.
    fn arg_name(&self, i: usize) -> String {
        let a = &self.args[i];
        if a.options.is_empty() {
            a.dest.to_string()
        } else {
            a.options.join("/")
        }
    }

    fn error(&self, message: &str) -> Parsed {
        Parsed::Error(format!("{}{}: error: {message}\n", self.usage(), self.prog))
    }

    fn arg_error(&self, i: usize, message: &str) -> Parsed {
        self.error(&format!("argument {}: {message}", self.arg_name(i)))
    }

    /// Converts and stores one value (`_get_values` and `_check_value`).
    fn store(
        &self,
        i: usize,
        text: &str,
        values: &mut BTreeMap<&'static str, Value>,
    ) -> Result<(), Parsed> {
        let a = &self.args[i];
        match &a.kind {
            ArgKind::Value { int, choices, .. } => {
                let v = if *int {
                    match python_int(text) {
                        Some(n) => Value::Int(n),
                        None => {
                            return Err(self
                                .arg_error(i, &format!("invalid int value: {}", str_repr(text))));
                        }
                    }
                } else {
                    Value::Str(text.to_string())
                };
                if let Some(choices) = choices {
                    if !choices.contains(&text) {
                        return Err(self.arg_error(
                            i,
                            &format!(
                                "invalid choice: {} (choose from {})",
                                str_repr(text),
                                choices.join(", ")
                            ),
                        ));
                    }
                }
                values.insert(a.dest, v);
            }
            _ => {
                values.insert(a.dest, Value::Str(text.to_string()));
            }
        }
        Ok(())
    }

    /// Parses the words after the program name (`parse_args`).
    pub fn parse(&self, words: &[String]) -> Parsed {
        // The pattern of each word: 'O' option, 'A' argument, '-' for the first `--`.
        let mut kinds: Vec<Option<OptionMatch>> = Vec::new();
        let mut pattern: Vec<char> = Vec::new();
        let mut after_dashes = false;
        for w in words {
            if after_dashes {
                kinds.push(None);
                pattern.push('A');
            } else if w == "--" {
                after_dashes = true;
                kinds.push(None);
                pattern.push('-');
            } else {
                match self.classify(w) {
                    Err(msg) => return self.error(&msg),
                    Ok(Word::Positional) => {
                        kinds.push(None);
                        pattern.push('A');
                    }
                    Ok(Word::Optional(m)) => {
                        kinds.push(Some(m));
                        pattern.push('O');
                    }
                }
            }
        }
        let mut values = BTreeMap::new();
        let mut extras: Vec<String> = Vec::new();
        let mut positional_pending = self
            .args
            .iter()
            .position(|a| matches!(a.kind, ArgKind::OptionalPositional | ArgKind::OneOrMore));
        let max_option = kinds.iter().rposition(Option::is_some);
        let mut start = 0usize;
        // Takes the positional (`nargs='?'`) at `start`: it matches `-*A?-*`.
        let consume_positional = |start: usize,
                                  positional_pending: &mut Option<usize>,
                                  values: &mut BTreeMap<&'static str, Value>|
         -> Result<usize, Parsed> {
            let Some(p) = positional_pending.take() else {
                return Ok(start);
            };
            if self.args[p].kind == ArgKind::OneOrMore {
                // `-*A[A-]*`: at least one value; not consumed (still pending) without.
                let mut end = start;
                while pattern.get(end) == Some(&'-') {
                    end += 1;
                }
                if pattern.get(end) != Some(&'A') {
                    *positional_pending = Some(p);
                    return Ok(start);
                }
                let mut list = Vec::new();
                while let Some(c @ ('A' | '-')) = pattern.get(end) {
                    if *c == 'A' {
                        list.push(words[end].clone());
                    }
                    end += 1;
                }
                values.insert(self.args[p].dest, Value::List(list));
                return Ok(end);
            }
            let mut end = start;
            while pattern.get(end) == Some(&'-') {
                end += 1;
            }
            let mut value = None;
            if pattern.get(end) == Some(&'A') {
                value = Some(words[end].clone());
                end += 1;
            }
            while pattern.get(end) == Some(&'-') {
                end += 1;
            }
            if let Some(v) = value {
                self.store(p, &v, values)?;
            }
            Ok(end)
        };
        if let Some(max_option) = max_option {
            while start <= max_option {
                let next_option = (start..=max_option)
                    .find(|&i| kinds[i].is_some())
                    .unwrap_or(max_option + 1);
                if start != next_option {
                    let end = match consume_positional(start, &mut positional_pending, &mut values)
                    {
                        Ok(end) => end,
                        Err(e) => return e,
                    };
                    if end > start {
                        start = end;
                        continue;
                    }
                }
                if kinds[start].is_none() {
                    for (w, p) in words[start..next_option]
                        .iter()
                        .zip(&pattern[start..next_option])
                    {
                        if *p != '-' {
                            extras.push(w.clone());
                        }
                    }
                    start = next_option;
                }
                match self.consume_optional(start, words, &kinds, &pattern, &mut values) {
                    Ok(Step::Next(next)) => start = next,
                    Ok(Step::Extra(next, word)) => {
                        extras.push(word);
                        start = next;
                    }
                    Ok(Step::Help) => return Parsed::Help(self.help()),
                    Err(e) => return e,
                }
            }
        }
        let stop = match consume_positional(start, &mut positional_pending, &mut values) {
            Ok(end) => end,
            Err(e) => return e,
        };
        for (w, p) in words.iter().zip(&pattern).skip(stop) {
            let _ = p;
            extras.push(w.clone());
        }
        if let Some(p) = positional_pending
            && self.args[p].kind == ArgKind::OneOrMore
        {
            return self.error(&format!(
                "the following arguments are required: {}",
                self.args[p].dest
            ));
        }
        if !extras.is_empty() {
            return self.error(&format!("unrecognized arguments: {}", extras.join(" ")));
        }
        Parsed::Values(values)
    }

    /// `consume_optional`.
    fn consume_optional(
        &self,
        start: usize,
        words: &[String],
        kinds: &[Option<OptionMatch>],
        pattern: &[char],
        values: &mut BTreeMap<&'static str, Value>,
    ) -> Result<Step, Parsed> {
        let Some(m) = kinds[start].clone() else {
            return Ok(Step::Next(start + 1));
        };
        let Some(mut action) = m.action else {
            return Ok(Step::Extra(start + 1, words[start].clone()));
        };
        let mut option = m.option;
        let mut sep = m.sep;
        let mut explicit = m.explicit;
        let mut taken: Vec<(usize, Option<String>)> = Vec::new();
        let mut extra = None;
        let stop;
        loop {
            let takes_value = matches!(self.args[action].kind, ArgKind::Value { .. });
            if let Some(exp) = explicit.clone() {
                let second = option.chars().nth(1);
                if !takes_value && second != Some('-') && !exp.is_empty() {
                    if sep == Some(true) || exp.starts_with('-') {
                        return Err(self.arg_error(
                            action,
                            &format!("ignored explicit argument {}", str_repr(&exp)),
                        ));
                    }
                    taken.push((action, None));
                    let mut chars = exp.chars();
                    let first = chars.next().unwrap_or('-');
                    let next_option = format!("-{first}");
                    match self.find_option(&next_option) {
                        Some(next) => {
                            action = next;
                            option = next_option;
                            let rest = chars.as_str();
                            if rest.is_empty() {
                                sep = None;
                                explicit = None;
                            } else if let Some(r) = rest.strip_prefix('=') {
                                sep = Some(true);
                                explicit = Some(r.to_string());
                            } else {
                                sep = Some(false);
                                explicit = Some(rest.to_string());
                            }
                        }
                        None => {
                            extra = Some(format!("-{exp}"));
                            stop = start + 1;
                            break;
                        }
                    }
                } else if takes_value {
                    stop = start + 1;
                    taken.push((action, Some(exp)));
                    break;
                } else {
                    return Err(self.arg_error(
                        action,
                        &format!("ignored explicit argument {}", str_repr(&exp)),
                    ));
                }
            } else {
                let first = start + 1;
                if takes_value {
                    // `-*A-*`: one argument, with the `--` around it dropped.
                    let mut end = first;
                    while pattern.get(end) == Some(&'-') {
                        end += 1;
                    }
                    if pattern.get(end) != Some(&'A') {
                        return Err(self.arg_error(action, "expected one argument"));
                    }
                    let value = words[end].clone();
                    end += 1;
                    while pattern.get(end) == Some(&'-') {
                        end += 1;
                    }
                    taken.push((action, Some(value)));
                    stop = end;
                } else {
                    taken.push((action, None));
                    stop = first;
                }
                break;
            }
        }
        for (a, value) in taken {
            match (&self.args[a].kind, value) {
                (ArgKind::Help, _) => return Ok(Step::Help),
                (ArgKind::Flag(v), _) => {
                    values.insert(self.args[a].dest, Value::Bool(*v));
                }
                (_, Some(v)) => self.store(a, &v, values)?,
                (_, None) => {}
            }
        }
        Ok(match extra {
            Some(word) => Step::Extra(stop, word),
            None => Step::Next(stop),
        })
    }

    /// The metavar of an argument taking a value.
    fn metavar(a: &Arg) -> String {
        match &a.kind {
            ArgKind::Value {
                metavar: Some(m), ..
            } => (*m).to_string(),
            ArgKind::Value {
                choices: Some(c), ..
            } => format!("{{{}}}", c.join(",")),
            ArgKind::Value { .. } => a.dest.to_uppercase(),
            _ => a.dest.to_string(),
        }
    }

    /// `_get_actions_usage_parts`: optionals, then positionals.
    fn usage_parts(&self) -> (Vec<String>, Vec<String>) {
        let mut opt = Vec::new();
        let mut pos = Vec::new();
        for a in &self.args {
            match &a.kind {
                ArgKind::OptionalPositional => pos.push(format!("[{}]", a.dest)),
                ArgKind::OneOrMore => pos.push(format!("{0} [{0} ...]", a.dest)),
                ArgKind::Value { .. } => {
                    opt.push(format!("[{} {}]", a.options[0], Self::metavar(a)));
                }
                _ => opt.push(format!("[{}]", a.options[0])),
            }
        }
        (opt, pos)
    }

    /// `format_usage()`: `usage: PROG [...]\n`, wrapped as `HelpFormatter._format_usage`.
    pub fn usage(&self) -> String {
        let prefix = "usage: ";
        let prog = &self.prog;
        let (opt, pos) = self.usage_parts();
        let all: Vec<String> = opt.iter().chain(&pos).cloned().collect();
        let one_line = if all.is_empty() {
            prog.clone()
        } else {
            format!("{prog} {}", all.join(" "))
        };
        let width = self.width;
        let len = |s: &str| s.chars().count();
        if len(prefix) + len(&one_line) <= width {
            return format!("{prefix}{one_line}\n");
        }
        let get_lines = |parts: &[String], indent: &str, with_prefix: bool| -> Vec<String> {
            let mut lines = Vec::new();
            let mut line: Vec<&str> = Vec::new();
            let indent_len = len(indent);
            let mut line_len = if with_prefix {
                len(prefix) - 1
            } else {
                indent_len - 1
            };
            for part in parts {
                if line_len + 1 + len(part) > width && !line.is_empty() {
                    lines.push(format!("{indent}{}", line.join(" ")));
                    line.clear();
                    line_len = indent_len - 1;
                }
                line.push(part);
                line_len += len(part) + 1;
            }
            if !line.is_empty() {
                lines.push(format!("{indent}{}", line.join(" ")));
            }
            if with_prefix {
                if let Some(first) = lines.first_mut() {
                    *first = first.chars().skip(indent_len).collect();
                }
            }
            lines
        };
        let lines = if (len(prefix) + len(prog)) as f64 <= 0.75 * width as f64 {
            let indent = " ".repeat(len(prefix) + len(prog) + 1);
            let mut with_prog = vec![prog.clone()];
            if !opt.is_empty() {
                with_prog.extend(opt.iter().cloned());
                let mut lines = get_lines(&with_prog, &indent, true);
                lines.extend(get_lines(&pos, &indent, false));
                lines
            } else if !pos.is_empty() {
                with_prog.extend(pos.iter().cloned());
                get_lines(&with_prog, &indent, true)
            } else {
                vec![prog.clone()]
            }
        } else {
            let indent = " ".repeat(len(prefix));
            let mut lines = get_lines(&all, &indent, false);
            if lines.len() > 1 {
                lines = get_lines(&opt, &indent, false);
                lines.extend(get_lines(&pos, &indent, false));
            }
            let mut out = vec![prog.clone()];
            out.extend(lines);
            out
        };
        format!("{prefix}{}\n", lines.join("\n"))
    }

    /// `_format_action_invocation`.
    fn invocation(a: &Arg) -> String {
        match &a.kind {
            ArgKind::OptionalPositional | ArgKind::OneOrMore => a.dest.to_string(),
            ArgKind::Value { .. } => format!("{} {}", a.options.join(", "), Self::metavar(a)),
            _ => a.options.join(", "),
        }
    }

    /// `format_help()`.
    pub fn help(&self) -> String {
        let width = self.width;
        let max_help_position = 24usize.min(width.saturating_sub(20).max(4));
        let max_len = self
            .args
            .iter()
            .map(|a| Self::invocation(a).chars().count() + 2)
            .max()
            .unwrap_or(0);
        let help_position = (max_len + 2).min(max_help_position);
        let help_width = width.saturating_sub(help_position).max(11);
        let action_width = help_position.saturating_sub(2 + 2);
        let format_action = |a: &Arg| -> String {
            let header = Self::invocation(a);
            let mut out = String::new();
            let lines = wrap(a.help, help_width);
            if lines.is_empty() {
                // No help: the invocation alone (`_format_action`'s `not action.help`).
                out.push_str(&format!("  {header}\n"));
            } else if header.chars().count() <= action_width {
                out.push_str(&format!("  {header:<action_width$}  "));
                if let Some(first) = lines.first() {
                    out.push_str(first);
                }
                out.push('\n');
            } else {
                out.push_str(&format!("  {header}\n"));
                if let Some(first) = lines.first() {
                    out.push_str(&format!("{:help_position$}{first}\n", ""));
                }
            }
            for line in lines.iter().skip(1) {
                out.push_str(&format!("{:help_position$}{line}\n", ""));
            }
            out
        };
        let mut text = self.usage();
        if let Some(description) = self.description {
            text.push('\n');
            for line in wrap(description, width) {
                text.push_str(&line);
                text.push('\n');
            }
        }
        let positionals: Vec<&Arg> = self.args.iter().filter(|a| a.options.is_empty()).collect();
        let optionals: Vec<&Arg> = self.args.iter().filter(|a| !a.options.is_empty()).collect();
        if !positionals.is_empty() {
            text.push_str("\npositional arguments:\n");
            for a in positionals {
                text.push_str(&format_action(a));
            }
        }
        if !optionals.is_empty() {
            text.push_str("\noptions:\n");
            for a in optionals {
                text.push_str(&format_action(a));
            }
        }
        text
    }
}

/// What `consume_optional` did.
enum Step {
    /// Go on at this word.
    Next(usize),
    /// An unknown option (goes to the unrecognized arguments); go on at this word.
    Extra(usize, String),
    /// `-h` was given.
    Help,
}

/// argparse's `_negative_number_matcher`: `^-\d+$|^-\d*\.\d+$`.
fn is_negative_number(word: &str) -> bool {
    let Some(rest) = word.strip_prefix('-') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(rest)
        || rest
            .split_once('.')
            .is_some_and(|(a, b)| (a.is_empty() || digits(a)) && digits(b))
}

/// `textwrap.wrap(text, width)` after argparse collapses whitespace (words never broken
/// unless longer than the width).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_string();
        loop {
            let line_len = line.chars().count();
            let need = if line.is_empty() { 0 } else { 1 } + word.chars().count();
            if line_len + need <= width {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(&word);
                break;
            }
            if line.is_empty() {
                // A word longer than the line: cut it.
                let head: String = word.chars().take(width.max(1)).collect();
                let tail: String = word.chars().skip(width.max(1)).collect();
                lines.push(head);
                if tail.is_empty() {
                    break;
                }
                word = tail;
                continue;
            }
            lines.push(std::mem::take(&mut line));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints_parse_as_python_int_does() {
        assert_eq!(python_int(" +2 "), Some(2));
        assert_eq!(python_int("1_0"), Some(10));
        assert_eq!(python_int("-1"), Some(-1));
        assert_eq!(python_int("1__0"), None);
        assert_eq!(python_int("2.0"), None);
        assert_eq!(python_int(""), None);
    }

    #[test]
    fn negative_numbers_are_values() {
        assert!(is_negative_number("-1"));
        assert!(is_negative_number("-.5"));
        assert!(!is_negative_number("-x"));
    }

    #[test]
    fn wrap_breaks_between_words() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
    }
}
