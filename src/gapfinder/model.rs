//! The weights: for every feature, how much it counts for each gap, learned from the labelled
//! corpus by multinomial logistic regression (deterministic: full batch, from zero, a fixed
//! number of AdaGrad steps). `data/gapfinder/weights.toml` holds the result; a feature the
//! training never saw (a concept a firm adds) counts with its tier's default weight.

use std::collections::BTreeMap;
use std::fmt::Write;

use rustc_hash::FxHashMap;
use serde::Deserialize;

use super::knowledge::Training;
use super::KnowledgeError;
use crate::domain::{Code, Gap};

pub const GAPS: &[Gap] = <Gap as strum::VariantArray>::VARIANTS;
pub const N: usize = GAPS.len();

const WEIGHTS: &str = include_str!("../../data/gapfinder/weights.toml");

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WeightsFile {
    examples: usize,
    bias: BTreeMap<String, f64>,
    weights: BTreeMap<String, BTreeMap<String, f64>>,
}

fn per_gap(values: &BTreeMap<String, f64>) -> Result<PerGap, KnowledgeError> {
    let mut out = [0.0; N];
    for (code, value) in values {
        let gap = Gap::parse(code).ok_or_else(|| KnowledgeError(format!("weights.toml: unknown gap `{code}`")))?;
        out[gap as usize] = *value;
    }
    Ok(out)
}

impl Model {
    /// The weights shipped with the service.
    pub fn load() -> Result<Self, KnowledgeError> {
        Self::parse(WEIGHTS)
    }

    pub fn parse(source: &str) -> Result<Self, KnowledgeError> {
        let file: WeightsFile = toml::from_str(source).map_err(|e| KnowledgeError(format!("weights.toml: {e}")))?;
        Ok(Self {
            bias: per_gap(&file.bias)?,
            weights: file
                .weights
                .iter()
                .map(|(name, values)| Ok((name.clone(), per_gap(values)?)))
                .collect::<Result<_, KnowledgeError>>()?,
            examples: file.examples,
        })
    }

    /// The file `load` reads: sorted, four decimals, so that training twice writes the same bytes.
    pub fn to_toml(&self) -> String {
        let mut out = String::from(
            "# Learned by `cargo run --release --example gapfinder-train` from corpus/train.jsonl; do not edit:\n\
             # a test fails when this file is not what training writes. A feature's weight per gap is\n\
             # added to the gap's bias; the gap with the highest total is proposed first.\n",
        );
        let _ = writeln!(out, "examples = {}\n\n[bias]", self.examples);
        for (i, gap) in GAPS.iter().enumerate() {
            let _ = writeln!(out, "{} = {}", gap.code(), round4(self.bias[i]));
        }
        out.push_str("\n[weights]\n");
        let mut names: Vec<&String> = self.weights.keys().collect();
        names.sort();
        for name in names {
            let values = &self.weights[name];
            let parts: Vec<String> = GAPS
                .iter()
                .enumerate()
                .filter(|(i, _)| round4(values[*i]) != "0" && round4(values[*i]) != "-0")
                .map(|(i, gap)| format!("{} = {}", gap.code(), round4(values[i])))
                .collect();
            let _ = writeln!(out, "{} = {{ {} }}", toml_key(name), parts.join(", "));
        }
        out
    }

    pub fn get(&self, name: &str) -> Option<&PerGap> {
        self.weights.get(name)
    }
}

fn round4(value: f64) -> String {
    let rounded = (value * 10_000.0).round() / 10_000.0;
    format!("{rounded}")
}

fn toml_key(name: &str) -> String {
    format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
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
        let again = Model::parse(&model.to_toml()).expect("parses");
        assert_eq!(again.to_toml(), model.to_toml());
    }
}
