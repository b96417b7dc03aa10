//! Prints the code table as JSON, for `scripts/codes.mjs`, which generates the npm package's code
//! unions and the README's tables from it: `cargo run --quiet --example codes`.

use serde_json::json;
use twenty_webhooks::Code;

fn main() {
    let rows: Vec<_> = Code::ALL
        .iter()
        .map(|code| {
            json!({
                "code": code.as_str(),
                "kinds": code.kinds().iter().map(|kind| kind.as_str()).collect::<Vec<_>>(),
                "former": code.former(),
                "summary": code.summary(),
                "hint": code.hint(),
            })
        })
        .collect();
    println!("{}", serde_json::Value::Array(rows));
}
