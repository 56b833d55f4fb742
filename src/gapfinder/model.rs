//! The weights: for every feature, how much it counts for each gap, learned from the labelled
//! corpus by multinomial logistic regression (deterministic: full batch, from zero, a fixed
//! number of AdaGrad steps). `data/gapfinder/weights.tsv` holds the result, a table a
//! spreadsheet opens (one row per feature, one column per gap); a feature the training never
//! saw (a concept a firm adds) counts with its tier's default weight.
//!
//! A table rather than TOML: the file has thousands of rows, and reading it row by row keeps the
//! server's start from allocating tens of megabytes that the allocator then keeps.

use std::collections::BTreeMap;
use std::fmt::Write;

use rustc_hash::FxHashMap;

use super::knowledge::Training;
use super::KnowledgeError;
use crate::domain::{Code, Gap};

pub const GAPS: &[Gap] = <Gap as strum::VariantArray>::VARIANTS;
pub const N: usize = GAPS.len();

const WEIGHTS: &str = include_str!("../../data/gapfinder/weights.tsv");

/// One weight per gap, in catalog order.
pub type PerGap = [f64; N];

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    pub bias: PerGap,
    /// Every feature the training saw, with its weights (zero where none).
    pub weights: FxHashMap<String, PerGap>,
    /// How many training texts the weights come from.
    pub examples: usize,
}

/// The first column's name in the header row, and the row of the biases.
const FEATURE: &str = "feature";
const BIAS: &str = "bias";
const EXAMPLES: &str = "examples";

fn invalid(line: usize, what: impl std::fmt::Display) -> KnowledgeError {
    KnowledgeError(format!("weights.tsv, line {line}: {what}"))
}

impl Model {
    /// The weights shipped with the service.
    pub fn load() -> Result<Self, KnowledgeError> {
        Self::parse(WEIGHTS)
    }

    /// Reads the table: `examples` and its count, then the header (`feature` and the gaps'
    /// codes, in any order), the `bias` row, and a row per feature.
    pub fn parse(source: &str) -> Result<Self, KnowledgeError> {
        let mut model = Self::default();
        let mut columns: Option<Vec<usize>> = None;
        let mut has_bias = false;
        for (at, line) in source.lines().enumerate().map(|(i, l)| (i + 1, l)) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cells = line.split('\t');
            let name = cells.next().unwrap_or_default();
            let Some(columns) = &columns else {
                if name == EXAMPLES {
                    let count = cells.next().ok_or_else(|| invalid(at, "`examples` without a count"))?;
                    model.examples = count.trim().parse().map_err(|e| invalid(at, e))?;
                } else if name == FEATURE {
                    let gaps = cells
                        .map(|code| {
                            Gap::parse(code.trim())
                                .map(|g| g as usize)
                                .ok_or_else(|| invalid(at, format!("unknown gap `{code}`")))
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    columns = Some(gaps);
                } else {
                    return Err(invalid(at, "a row before the header (`feature` and the gaps)"));
                }
                continue;
            };
            let mut values = [0.0; N];
            let mut count = 0;
            for (cell, &gap) in cells.zip(columns) {
                values[gap] = cell.trim().parse().map_err(|e| invalid(at, format!("`{cell}`: {e}")))?;
                count += 1;
            }
            if count != columns.len() {
                return Err(invalid(at, format!("{count} weights for {} gaps", columns.len())));
            }
            if name == BIAS {
                model.bias = values;
                has_bias = true;
            } else {
                model.weights.insert(name.to_owned(), values);
            }
        }
        if !has_bias {
            return Err(KnowledgeError("weights.tsv: no `bias` row".into()));
        }
        Ok(model)
    }

    /// The file `load` reads: sorted, four decimals, so that training twice writes the same bytes.
    pub fn to_table(&self) -> String {
        let mut out = String::from(
            "# Learned by `cargo run --release --example gapfinder-train` from corpus/train.jsonl; do not edit:\n\
             # a test fails when this file is not what training writes. A feature's weight per gap (its\n\
             # row) is added to the gap's bias; the gap with the highest total is proposed first.\n",
        );
        let _ = writeln!(out, "{EXAMPLES}\t{}", self.examples);
        out.push_str(FEATURE);
        for gap in GAPS {
            let _ = write!(out, "\t{}", gap.code());
        }
        let mut names: Vec<&String> = self.weights.keys().collect();
        names.sort();
        for (name, values) in
            std::iter::once((BIAS, &self.bias)).chain(names.into_iter().map(|n| (n.as_str(), &self.weights[n])))
        {
            let _ = write!(out, "\n{name}");
            for value in values {
                let _ = write!(out, "\t{}", round4(*value));
            }
        }
        out.push('\n');
        out
    }

    pub fn get(&self, name: &str) -> Option<&PerGap> {
        self.weights.get(name)
    }
}

fn round4(value: f64) -> String {
    let rounded = (value * 10_000.0).round() / 10_000.0;
    // `-0` and `0` are the same weight: one spelling keeps the file stable.
    if rounded == 0.0 {
        "0".to_owned()
    } else {
        format!("{rounded}")
    }
}

/// Softmax, stable.
pub fn probabilities(logits: &PerGap) -> PerGap {
    let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut out = [0.0; N];
    let mut sum = 0.0;
    for (o, l) in out.iter_mut().zip(logits) {
        *o = (l - max).exp();
        sum += *o;
    }
    for o in &mut out {
        *o /= sum;
    }
    out
}

/// One training text: its features by name, and the share of belief each gap should get.
pub struct Example {
    pub features: Vec<String>,
    pub target: PerGap,
}

/// Fits the weights to the examples. Features named `w:…` (words) are shrunk harder than the
/// others; words seen in fewer than `min_stem_texts` examples are left out.
pub fn train(examples: &[Example], settings: &Training) -> Model {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for example in examples {
        for name in &example.features {
            *seen.entry(name.as_str()).or_default() += 1;
        }
    }
    let names: Vec<&str> = seen
        .iter()
        .filter(|(name, count)| !name.starts_with("w:") || **count >= settings.min_stem_texts)
        .map(|(name, _)| *name)
        .collect();
    let id: FxHashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let rows: Vec<Vec<usize>> = examples
        .iter()
        .map(|e| e.features.iter().filter_map(|n| id.get(n.as_str()).copied()).collect())
        .collect();
    let l2: Vec<f64> = names
        .iter()
        .map(|n| {
            if n.starts_with("w:") {
                settings.l2_words
            } else {
                settings.l2_concepts
            }
        })
        .collect();

    let mut w = vec![[0.0; N]; names.len()];
    let mut b = [0.0; N];
    let mut g2w = vec![[0.0; N]; names.len()];
    let mut g2b = [0.0; N];
    const EPS: f64 = 1e-8;
    for _ in 0..settings.iterations {
        let mut gw = vec![[0.0; N]; names.len()];
        let mut gb = [0.0; N];
        for (row, example) in rows.iter().zip(examples) {
            let mut logits = b;
            for &f in row {
                for (l, wf) in logits.iter_mut().zip(&w[f]) {
                    *l += wf;
                }
            }
            let p = probabilities(&logits);
            for g in 0..N {
                let error = p[g] - example.target[g];
                gb[g] += error;
                for &f in row {
                    gw[f][g] += error;
                }
            }
        }
        for f in 0..names.len() {
            for g in 0..N {
                let grad = gw[f][g] + l2[f] * w[f][g];
                g2w[f][g] += grad * grad;
                w[f][g] -= settings.learning_rate * grad / (g2w[f][g] + EPS).sqrt();
            }
        }
        for g in 0..N {
            g2b[g] += gb[g] * gb[g];
            b[g] -= settings.learning_rate * gb[g] / (g2b[g] + EPS).sqrt();
        }
    }
    Model {
        bias: b,
        weights: names.iter().zip(w).map(|(n, v)| ((*n).to_owned(), v)).collect(),
        examples: examples.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Training {
        Training {
            iterations: 200,
            learning_rate: 0.5,
            l2_concepts: 0.1,
            l2_words: 1.0,
            stem_chars: 6,
            min_stem_texts: 1,
            also_ok_share: 0.2,
        }
    }

    fn one_hot(gap: Gap) -> PerGap {
        let mut t = [0.0; N];
        t[gap as usize] = 1.0;
        t
    }

    #[test]
    fn a_feature_that_always_comes_with_a_gap_points_to_it() {
        let examples: Vec<Example> = (0..6)
            .map(|i| Example {
                features: vec![if i % 2 == 0 { "c:reminder!" } else { "c:insult" }.to_owned()],
                target: one_hot(if i % 2 == 0 {
                    Gap::PaymentFollowup
                } else {
                    Gap::ConductBoundaries
                }),
            })
            .collect();
        let model = train(&examples, &settings());
        let reminder = model.get("c:reminder!").expect("learned");
        let best = (0..N)
            .max_by(|a, b| reminder[*a].total_cmp(&reminder[*b]))
            .expect("a gap");
        assert_eq!(GAPS[best], Gap::PaymentFollowup);
        assert!(reminder[Gap::PaymentFollowup as usize] > 1.0, "{reminder:?}");
        // Written and read back, the model is the same to four decimals.
        let again = Model::parse(&model.to_table()).expect("parses");
        assert_eq!(again.to_table(), model.to_table());
    }

    #[test]
    fn a_damaged_table_is_refused_with_its_line() {
        let header = "examples\t3\nfeature\tpayment_followup\tscope_undefined\n";
        let good = Model::parse(&format!("{header}bias\t0.5\t-1\nc:reminder!\t2\t0\n")).expect("parses");
        assert_eq!(good.examples, 3);
        assert_eq!(good.bias[Gap::PaymentFollowup as usize], 0.5);
        assert_eq!(
            good.get("c:reminder!").map(|w| w[Gap::PaymentFollowup as usize]),
            Some(2.0)
        );
        for (table, says) in [
            (format!("{header}bias\t0.5\n"), "line 3: 1 weights for 2 gaps"),
            (format!("{header}bias\t0.5\tx\n"), "line 3: `x`"),
            ("feature\tno_such_gap\n".to_owned(), "line 1: unknown gap `no_such_gap`"),
            ("bias\t1\n".to_owned(), "line 1: a row before the header"),
            (header.to_owned(), "no `bias` row"),
        ] {
            let error = Model::parse(&table).expect_err(says).0;
            assert!(error.contains(says), "{error} should say {says}");
        }
    }
}
