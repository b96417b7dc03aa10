//! Realistic records for test deliveries and demos: the standard objects' fields and composite
//! shapes as Twenty stores them, with plausible values drawn from a seeded generator.

use crate::prelude::*;

use crate::error::PayloadError;
use crate::event_date::format_iso;
use crate::event_name::{Action, is_identifier};
use crate::json::{JsonObject, JsonValue, NumberText, RustNumbers, write_str};
use crate::random::SampleRng;
use crate::template::{fill_object, template};

/// The standard objects with their own field sets; any other identifier gets a custom object's
/// fields (`name` and the system fields).
pub const STANDARD_OBJECTS: [&str; 5] = ["person", "company", "opportunity", "task", "note"];

/// What a sample depends on besides the object name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SampleOptions {
    /// Fixes every value drawn; the same seed gives the same record.
    pub seed: u64,
    /// The moment of the event: `updatedAt`, and `deletedAt` for deleted records.
    pub now_ms: i64,
    /// The action the record is for: `deleted` and `destroyed` records have `deletedAt` set.
    pub action: Action,
}

// The standard objects' fields in Twenty's shapes, as data (see `template`): "$uuid" is a fresh
// UUID, "$later" a date a few days ahead, "$body" rich text of the variant's "text", any other
// name the variant's value.
const PERSON: &str = r#"{"name":{"firstName":"$firstName","lastName":"$lastName"},"emails":{"primaryEmail":"$email","additionalEmails":null},"linkedinLink":{"primaryLinkUrl":"$linkedin","primaryLinkLabel":"","secondaryLinks":[]},"xLink":{"primaryLinkUrl":"$x","primaryLinkLabel":"","secondaryLinks":[]},"jobTitle":"$jobTitle","phones":{"primaryPhoneNumber":"$phone","primaryPhoneCountryCode":"$country","primaryPhoneCallingCode":"$callingCode","additionalPhones":[]},"city":"$city","avatarUrl":"","companyId":"$uuid"}"#;
const PEOPLE: &[&str] = &[
    r#"{"firstName":"Alice","lastName":"Doe","email":"alice@acme.com","linkedin":"https://www.linkedin.com/in/alicedoe","x":"https://x.com/alicedoe","jobTitle":"CEO at Acme","phone":"612345678","country":"FR","callingCode":"+33","city":"Paris"}"#,
    r#"{"firstName":"Chloé","lastName":"Nguyen","email":"chloe@globex.io","linkedin":"https://www.linkedin.com/in/chloenguyen","x":"https://x.com/chloenguyen","jobTitle":"Head of Sales at Globex","phone":"4155550123","country":"US","callingCode":"+1","city":"San Francisco"}"#,
    r#"{"firstName":"Jonas","lastName":"Schmidt","email":"jonas@initech.com","linkedin":"https://www.linkedin.com/in/jonasschmidt","x":"https://x.com/jonasschmidt","jobTitle":"CTO at Initech","phone":"15123456789","country":"DE","callingCode":"+49","city":"Berlin"}"#,
    r#"{"firstName":"Imani","lastName":"Okafor","email":"imani@umbrella.co","linkedin":"https://www.linkedin.com/in/imaniokafor","x":"https://x.com/imaniokafor","jobTitle":"Product Manager at Umbrella","phone":"8031234567","country":"NG","callingCode":"+234","city":"Lagos"}"#,
    r#"{"firstName":"Hiroshi","lastName":"Tanaka","email":"hiroshi@hooli.xyz","linkedin":"https://www.linkedin.com/in/hiroshitanaka","x":"https://x.com/hiroshitanaka","jobTitle":"Account Executive at Hooli","phone":"9012345678","country":"JP","callingCode":"+81","city":"Tokyo"}"#,
    r#"{"firstName":"Mateo","lastName":"García","email":"mateo@soylent.dev","linkedin":"https://www.linkedin.com/in/mateogarcia","x":"https://x.com/mateogarcia","jobTitle":"Founder at Soylent","phone":"11912345678","country":"BR","callingCode":"+55","city":"São Paulo"}"#,
];
const COMPANY: &str = r#"{"name":"$name","domainName":{"primaryLinkUrl":"$domain","primaryLinkLabel":"","secondaryLinks":[]},"employees":"$employees","linkedinLink":{"primaryLinkUrl":"$linkedin","primaryLinkLabel":"","secondaryLinks":[]},"xLink":{"primaryLinkUrl":"$x","primaryLinkLabel":"","secondaryLinks":[]},"annualRecurringRevenue":{"amountMicros":"$arr","currencyCode":"$currency"},"address":{"addressStreet1":"$street","addressStreet2":"","addressCity":"$city","addressPostcode":"$postcode","addressState":"$state","addressCountry":"$countryName","addressLat":"$lat","addressLng":"$lng"},"idealCustomerProfile":"$icp","accountOwnerId":"$uuid"}"#;
const COMPANIES: &[&str] = &[
    r#"{"name":"Acme","domain":"https://acme.com","employees":250,"linkedin":"https://www.linkedin.com/company/acme","x":"https://x.com/acme","arr":1200000000000,"currency":"EUR","street":"12 Rue de la Paix","city":"Paris","postcode":"75002","state":"Île-de-France","countryName":"France","lat":48.8686,"lng":2.3412,"icp":true}"#,
    r#"{"name":"Globex","domain":"https://globex.io","employees":1200,"linkedin":"https://www.linkedin.com/company/globex","x":"https://x.com/globex","arr":48000000000000,"currency":"USD","street":"500 Howard St","city":"San Francisco","postcode":"94107","state":"CA","countryName":"United States","lat":37.7749,"lng":-122.4194,"icp":false}"#,
    r#"{"name":"Initech","domain":"https://initech.com","employees":85,"linkedin":"https://www.linkedin.com/company/initech","x":"https://x.com/initech","arr":350000000000,"currency":"EUR","street":"Invalidenstraße 117","city":"Berlin","postcode":"10115","state":"Berlin","countryName":"Germany","lat":52.5323,"lng":13.3846,"icp":true}"#,
    r#"{"name":"Stark Industries","domain":"https://stark.com","employees":4800,"linkedin":"https://www.linkedin.com/company/starkindustries","x":"https://x.com/starkindustries","arr":910000000000000,"currency":"JPY","street":"1-9-1 Marunouchi","city":"Tokyo","postcode":"100-0005","state":"Tokyo","countryName":"Japan","lat":35.6812,"lng":139.7671,"icp":false}"#,
];
const OPPORTUNITY: &str = r#"{"name":"$name","amount":{"amountMicros":"$amount","currencyCode":"$currency"},"closeDate":"$later","stage":"$stage","pointOfContactId":"$uuid","companyId":"$uuid"}"#;
const OPPORTUNITIES: &[&str] = &[
    r#"{"name":"Acme expansion","amount":45000000000,"currency":"EUR","stage":"PROPOSAL"}"#,
    r#"{"name":"Globex renewal","amount":120000000000,"currency":"USD","stage":"MEETING"}"#,
    r#"{"name":"Hooli pilot","amount":8000000000,"currency":"GBP","stage":"NEW"}"#,
    r#"{"name":"Initech enterprise plan","amount":250000000000,"currency":"EUR","stage":"CUSTOMER"}"#,
];
const TASK: &str = r#"{"title":"$title","bodyV2":"$body","dueAt":"$later","status":"$status","assigneeId":"$uuid"}"#;
const TASKS: &[&str] = &[
    r#"{"title":"Send the proposal","text":"Send the proposal before the end of the week.","status":"TODO"}"#,
    r#"{"title":"Follow up after the demo","text":"Follow up after the demo: they asked about \"SSO\".","status":"IN_PROGRESS"}"#,
    r#"{"title":"Prepare the renewal","text":"Prepare the renewal with last year's figures.","status":"DONE"}"#,
];
const NOTE: &str = r#"{"title":"$title","bodyV2":"$body"}"#;
const NOTES: &[&str] = &[
    r#"{"title":"Discovery call","text":"Discovery call: budget approved, decision expected next month."}"#,
    r#"{"title":"Quarterly review","text":"Quarterly review: usage up 40%, two new teams onboarded."}"#,
    r#"{"title":"Pricing discussion","text":"Pricing discussion — they want annual billing in €."}"#,
];
/// Any other object: a name and the system fields.
const CUSTOM: &str = r#"{"name":"$name"}"#;
const CUSTOMS: &[&str] =
    &[r#"{"name":"Acme pilot"}"#, r#"{"name":"Globex deal"}"#, r#"{"name":"Hooli project"}"#, r#"{"name":"Initech request"}"#];
/// The fields every record has, after its own.
const SYSTEM: &str = r#"{"position":"$position","createdBy":"$actor","updatedBy":"$actor","createdAt":"$createdAt","updatedAt":"$updatedAt","deletedAt":"$deletedAt"}"#;
const ACTORS: &[&str] = &[
    r#"{"source":"MANUAL","workspaceMemberId":"$uuid","name":"Grace Martin","context":{}}"#,
    r#"{"source":"API","workspaceMemberId":"$uuid","name":"Oscar Rossi","context":{}}"#,
    r#"{"source":"IMPORT","workspaceMemberId":"$uuid","name":"Priya Patel","context":{}}"#,
    r#"{"source":"WORKFLOW","workspaceMemberId":"$uuid","name":"Léa Dubois","context":{}}"#,
];

const DAY_MS: i64 = 86_400_000;

/// A record of `object` (singular camelCase name) as Twenty would hold it.
///
/// ```
/// use twenty_webhooks::{Action, SampleOptions, sample_record};
/// let options = SampleOptions { seed: 1, now_ms: 1_735_066_639_761, action: Action::Created };
/// let person = sample_record("person", &options).unwrap();
/// let name = person.as_object().unwrap().get("name").unwrap();
/// assert!(name.as_object().unwrap().get("firstName").is_some());
/// ```
pub fn sample_record(object: &str, options: &SampleOptions) -> Result<JsonValue, PayloadError> {
    sample_record_with::<RustNumbers>(object, options)
}

/// [`sample_record`] with the templates' numbers read by `N` (so that a build with its own JSON
/// reader links no second one).
pub fn sample_record_with<N: NumberText>(object: &str, options: &SampleOptions) -> Result<JsonValue, PayloadError> {
    if !is_identifier(object) {
        return Err(PayloadError::InvalidObjectName { name: object.into() });
    }
    let (fields, variants): (&str, &[&str]) = match object {
        "person" => (PERSON, PEOPLE),
        "company" => (COMPANY, COMPANIES),
        "opportunity" => (OPPORTUNITY, OPPORTUNITIES),
        "task" => (TASK, TASKS),
        "note" => (NOTE, NOTES),
        _ => (CUSTOM, CUSTOMS),
    };
    let rng = &mut SampleRng::new(options.seed);
    let variant: &&str = rng.pick(variants);
    let mut values = template::<N>(variant);
    let id = rng.uuid();
    let created_ms = options.now_ms - DAY_MS - rng.below(90) as i64 * DAY_MS - rng.below(DAY_MS as u64) as i64;
    let later_ms = options.now_ms + (1 + rng.below(60) as i64) * DAY_MS;
    let actor: &&str = rng.pick(ACTORS);
    let actor = fill_object(&template::<N>(actor), &JsonObject::new(), rng);
    if let Some(text) = values.get("text").and_then(JsonValue::as_str) {
        let body = rich_text(text);
        values.insert("body", body);
    }
    values.insert("later", iso(later_ms));
    values.insert("position", rng.below(100) as f64);
    values.insert("actor", actor);
    values.insert("createdAt", iso(created_ms));
    values.insert("updatedAt", iso(options.now_ms));
    let deleted = matches!(options.action, Action::Deleted | Action::Destroyed);
    values.insert("deletedAt", if deleted { iso(options.now_ms) } else { JsonValue::Null });

    let mut record = JsonObject::new();
    record.insert("id", id);
    for part in [fields, SYSTEM] {
        for (key, value) in fill_object(&template::<N>(part), &values, rng).iter() {
            record.insert(key.clone(), value.clone());
        }
    }
    Ok(JsonValue::Object(record))
}

fn iso(epoch_ms: i64) -> JsonValue {
    format_iso(epoch_ms).map_or(JsonValue::Null, JsonValue::from)
}

/// Twenty's rich text: BlockNote's document as a JSON string, and the same text as Markdown.
fn rich_text(text: &str) -> JsonValue {
    let mut blocknote = String::from(
        r#"[{"id":"0f1c2b3a-sample","type":"paragraph","props":{"textColor":"default","backgroundColor":"default","textAlignment":"left"},"content":[{"type":"text","text":"#,
    );
    write_str(&mut blocknote, text);
    blocknote.push_str(r#","styles":{}}],"children":[]}]"#);
    JsonValue::Object(JsonObject::from_iter([("blocknote", JsonValue::from(blocknote)), ("markdown", text.into())]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTIONS: SampleOptions = SampleOptions { seed: 42, now_ms: 1_735_066_639_761, action: Action::Created };

    fn field<'a>(record: &'a JsonValue, name: &str) -> &'a JsonValue {
        record.as_object().and_then(|o| o.get(name)).unwrap_or_else(|| panic!("no {name}"))
    }

    #[test]
    fn standard_objects_have_their_standard_fields() {
        let expected: [(&str, &[&str]); 5] = [
            ("person", &["name", "emails", "linkedinLink", "xLink", "jobTitle", "phones", "city", "avatarUrl", "companyId"]),
            (
                "company",
                &[
                    "name",
                    "domainName",
                    "employees",
                    "linkedinLink",
                    "xLink",
                    "annualRecurringRevenue",
                    "address",
                    "idealCustomerProfile",
                    "accountOwnerId",
                ],
            ),
            ("opportunity", &["name", "amount", "closeDate", "stage", "pointOfContactId", "companyId"]),
            ("task", &["title", "bodyV2", "dueAt", "status", "assigneeId"]),
            ("note", &["title", "bodyV2"]),
        ];
        for (object, fields) in expected {
            let record = sample_record(object, &OPTIONS).unwrap();
            for name in fields.iter().chain(&["id", "position", "createdBy", "updatedBy", "createdAt", "updatedAt", "deletedAt"]) {
                field(&record, name);
            }
        }
    }

    #[test]
    fn every_variant_fills_its_template() {
        let sets = [(PERSON, PEOPLE), (COMPANY, COMPANIES), (OPPORTUNITY, OPPORTUNITIES), (TASK, TASKS), (NOTE, NOTES), (CUSTOM, CUSTOMS)];
        let computed = ["uuid", "later", "body"];
        for (fields, variants) in sets {
            for variant in variants {
                let values = JsonValue::parse(variant).unwrap();
                for placeholder in fields.split("\"$").skip(1).map(|rest| rest.split('"').next().unwrap()) {
                    assert!(
                        computed.contains(&placeholder) || values.as_object().unwrap().get(placeholder).is_some(),
                        "{variant}: ${placeholder}"
                    );
                }
            }
        }
        for actor in ACTORS {
            assert!(JsonValue::parse(actor).unwrap().as_object().is_some());
        }
    }

    #[test]
    fn deleted_records_carry_deleted_at() {
        let live = sample_record("note", &OPTIONS).unwrap();
        assert_eq!(field(&live, "deletedAt"), &JsonValue::Null);
        let deleted = sample_record("note", &SampleOptions { action: Action::Deleted, ..OPTIONS }).unwrap();
        assert_eq!(field(&deleted, "deletedAt").as_str(), Some("2024-12-24T18:57:19.761Z"));
    }

    #[test]
    fn the_same_seed_gives_the_same_record() {
        assert_eq!(sample_record("company", &OPTIONS), sample_record("company", &OPTIONS));
        assert_ne!(sample_record("company", &OPTIONS), sample_record("company", &SampleOptions { seed: 43, ..OPTIONS }));
    }

    #[test]
    fn custom_objects_get_a_name_and_bad_names_an_error() {
        let record = sample_record("rocket", &OPTIONS).unwrap();
        assert!(field(&record, "name").as_str().is_some());
        assert_eq!(sample_record("not a name", &OPTIONS).unwrap_err().code(), "INVALID_OBJECT_NAME");
    }
}
