//! Realistic records for test deliveries and demos: the standard objects' fields and composite
//! shapes as Twenty stores them, with plausible values drawn from a seeded generator.

use crate::prelude::*;

use crate::error::PayloadError;
use crate::event_date::format_iso;
use crate::event_name::{Action, is_identifier};
use crate::json::{JsonObject, JsonValue, write_string};
use crate::random::SampleRng;

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

const FIRST_NAMES: &[&str] = &[
    "Alice", "Bastien", "Chloé", "Dmitri", "Eun-ji", "Félix", "Grace", "Hiroshi", "Imani", "Jonas", "Kavya", "Léa", "Mateo", "Nadia",
    "Oscar", "Priya",
];
const LAST_NAMES: &[&str] = &[
    "Doe",
    "Martin",
    "Nguyen",
    "Okafor",
    "Schmidt",
    "García",
    "Kowalski",
    "Tanaka",
    "Dubois",
    "Rossi",
    "Haddad",
    "Silva",
    "Johansson",
    "Moreau",
    "Patel",
    "Brown",
];
const COMPANIES: &[(&str, &str)] = &[
    ("Acme", "acme.com"),
    ("Globex", "globex.io"),
    ("Initech", "initech.com"),
    ("Umbrella", "umbrella.co"),
    ("Hooli", "hooli.xyz"),
    ("Stark Industries", "stark.com"),
    ("Wayne Enterprises", "wayne.co"),
    ("Soylent", "soylent.dev"),
];
const CITIES: &[(&str, &str, &str, &str, &str, f64, f64)] = &[
    ("Paris", "75002", "Île-de-France", "France", "FR", 48.8686, 2.3412),
    ("San Francisco", "94107", "CA", "United States", "US", 37.7749, -122.4194),
    ("Berlin", "10115", "Berlin", "Germany", "DE", 52.5323, 13.3846),
    ("Lagos", "100001", "Lagos", "Nigeria", "NG", 6.5244, 3.3792),
    ("Tokyo", "100-0005", "Tokyo", "Japan", "JP", 35.6812, 139.7671),
    ("São Paulo", "01310-100", "SP", "Brazil", "BR", -23.5614, -46.6559),
];
const CALLING_CODES: &[(&str, &str)] = &[("FR", "+33"), ("US", "+1"), ("DE", "+49"), ("NG", "+234"), ("JP", "+81"), ("BR", "+55")];
const JOB_TITLES: &[&str] = &["CEO", "Head of Sales", "Account Executive", "CTO", "Product Manager", "Customer Success Lead", "Founder"];
const STREETS: &[&str] =
    &["12 Rue de la Paix", "500 Howard St", "Invalidenstraße 117", "14 Adeola Odeku St", "1-9-1 Marunouchi", "Av. Paulista 1578"];
const ACTOR_SOURCES: &[&str] = &["MANUAL", "API", "IMPORT", "WORKFLOW"];
const STAGES: &[&str] = &["NEW", "SCREENING", "MEETING", "PROPOSAL", "CUSTOMER"];
const TASK_STATUSES: &[&str] = &["TODO", "IN_PROGRESS", "DONE"];
const CURRENCIES: &[&str] = &["USD", "EUR", "GBP", "JPY"];
const TASK_TITLES: &[&str] = &["Send the proposal", "Follow up after the demo", "Prepare the renewal", "Call back about pricing"];
const NOTE_TITLES: &[&str] = &["Discovery call", "Quarterly review", "Onboarding notes", "Pricing discussion"];

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
    if !is_identifier(object) {
        return Err(PayloadError::InvalidObjectName { name: object.into() });
    }
    let rng = &mut SampleRng::new(options.seed);
    let created_ms = options.now_ms - DAY_MS - rng.below(90) as i64 * DAY_MS - rng.below(DAY_MS as u64) as i64;
    let mut record = JsonObject::new();
    record.insert("id", rng.uuid());
    match object {
        "person" => person_fields(&mut record, rng),
        "company" => company_fields(&mut record, rng),
        "opportunity" => opportunity_fields(&mut record, rng, options.now_ms),
        "task" => task_fields(&mut record, rng, options.now_ms),
        "note" => note_fields(&mut record, rng),
        _ => record.insert("name", format!("{} {}", rng.pick(COMPANIES).0, rng.pick(&["pilot", "deal", "project", "request"]))),
    }
    let actor = actor(rng);
    record.insert("position", rng.below(100) as f64);
    record.insert("createdBy", actor.clone());
    record.insert("updatedBy", actor);
    record.insert("createdAt", iso(created_ms));
    record.insert("updatedAt", iso(options.now_ms));
    let deleted = matches!(options.action, Action::Deleted | Action::Destroyed);
    record.insert("deletedAt", if deleted { iso(options.now_ms) } else { JsonValue::Null });
    Ok(JsonValue::Object(record))
}

fn iso(epoch_ms: i64) -> JsonValue {
    format_iso(epoch_ms).map_or(JsonValue::Null, JsonValue::from)
}

fn person_fields(record: &mut JsonObject, rng: &mut SampleRng) {
    let first = *rng.pick(FIRST_NAMES);
    let last = *rng.pick(LAST_NAMES);
    let (company, domain) = *rng.pick(COMPANIES);
    let city = rng.pick(CITIES);
    let handle = ascii_handle(&format!("{first}{last}"));
    record.insert("name", object(vec![("firstName", first.into()), ("lastName", last.into())]));
    record.insert("emails", emails(&format!("{}@{domain}", ascii_handle(first))));
    record.insert("linkedinLink", links(&format!("https://www.linkedin.com/in/{handle}")));
    record.insert("xLink", links(&format!("https://x.com/{handle}")));
    record.insert("jobTitle", format!("{} at {company}", rng.pick(JOB_TITLES)));
    record.insert("phones", phones(rng, city.4));
    record.insert("city", city.0);
    record.insert("avatarUrl", "");
    record.insert("companyId", rng.uuid());
}

fn company_fields(record: &mut JsonObject, rng: &mut SampleRng) {
    let (name, domain) = *rng.pick(COMPANIES);
    let city = rng.pick(CITIES);
    let street = STREETS[CITIES.iter().position(|c| c.0 == city.0).unwrap_or(0)];
    let handle = ascii_handle(name);
    record.insert("name", name);
    record.insert("domainName", links(&format!("https://{domain}")));
    record.insert("employees", (10 + rng.below(5000)) as f64);
    record.insert("linkedinLink", links(&format!("https://www.linkedin.com/company/{handle}")));
    record.insert("xLink", links(&format!("https://x.com/{handle}")));
    record.insert("annualRecurringRevenue", currency(rng, 1_000_000));
    record.insert(
        "address",
        object(vec![
            ("addressStreet1", street.into()),
            ("addressStreet2", "".into()),
            ("addressCity", city.0.into()),
            ("addressPostcode", city.1.into()),
            ("addressState", city.2.into()),
            ("addressCountry", city.3.into()),
            ("addressLat", city.5.into()),
            ("addressLng", city.6.into()),
        ]),
    );
    record.insert("idealCustomerProfile", rng.below(2) == 1);
    record.insert("accountOwnerId", rng.uuid());
}

fn opportunity_fields(record: &mut JsonObject, rng: &mut SampleRng, now_ms: i64) {
    let (company, _) = *rng.pick(COMPANIES);
    record.insert("name", format!("{company} {}", rng.pick(&["expansion", "renewal", "pilot", "enterprise plan"])));
    record.insert("amount", currency(rng, 100_000));
    record.insert("closeDate", iso(now_ms + (7 + rng.below(120) as i64) * DAY_MS));
    record.insert("stage", *rng.pick(STAGES));
    record.insert("pointOfContactId", rng.uuid());
    record.insert("companyId", rng.uuid());
}

fn task_fields(record: &mut JsonObject, rng: &mut SampleRng, now_ms: i64) {
    let title = *rng.pick(TASK_TITLES);
    record.insert("title", title);
    record.insert("bodyV2", rich_text(&format!("{title} before the end of the week.")));
    record.insert("dueAt", iso(now_ms + (1 + rng.below(14) as i64) * DAY_MS));
    record.insert("status", *rng.pick(TASK_STATUSES));
    record.insert("assigneeId", rng.uuid());
}

fn note_fields(record: &mut JsonObject, rng: &mut SampleRng) {
    let title = *rng.pick(NOTE_TITLES);
    record.insert("title", title);
    record.insert("bodyV2", rich_text(&format!("{title}: budget approved, decision expected next month.")));
}

fn object(entries: Vec<(&str, JsonValue)>) -> JsonValue {
    JsonValue::Object(entries.into_iter().collect())
}

fn emails(primary: &str) -> JsonValue {
    object(vec![("primaryEmail", primary.to_ascii_lowercase().into()), ("additionalEmails", JsonValue::Null)])
}

fn links(url: &str) -> JsonValue {
    object(vec![("primaryLinkUrl", url.into()), ("primaryLinkLabel", "".into()), ("secondaryLinks", JsonValue::Array(vec![]))])
}

fn phones(rng: &mut SampleRng, country: &str) -> JsonValue {
    let calling = CALLING_CODES.iter().find(|(c, _)| *c == country).map_or("+1", |(_, code)| code);
    object(vec![
        ("primaryPhoneNumber", format!("{}", 600_000_000 + rng.below(99_999_999)).into()),
        ("primaryPhoneCountryCode", country.into()),
        ("primaryPhoneCallingCode", calling.into()),
        ("additionalPhones", JsonValue::Array(vec![])),
    ])
}

fn currency(rng: &mut SampleRng, max_units: u64) -> JsonValue {
    let units = 1_000 * (1 + rng.below(max_units / 1_000));
    object(vec![("amountMicros", ((units * 1_000_000) as f64).into()), ("currencyCode", (*rng.pick(CURRENCIES)).into())])
}

fn actor(rng: &mut SampleRng) -> JsonValue {
    let name = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
    object(vec![
        ("source", (*rng.pick(ACTOR_SOURCES)).into()),
        ("workspaceMemberId", rng.uuid().into()),
        ("name", name.into()),
        ("context", JsonValue::Object(JsonObject::new())),
    ])
}

/// Twenty's rich text: BlockNote's document as a JSON string, and the same text as Markdown.
fn rich_text(text: &str) -> JsonValue {
    let mut blocknote = String::from(
        r#"[{"id":"0f1c2b3a-sample","type":"paragraph","props":{"textColor":"default","backgroundColor":"default","textAlignment":"left"},"content":[{"type":"text","text":"#,
    );
    write_string(&mut blocknote, &text.into());
    blocknote.push_str(r#","styles":{}}],"children":[]}]"#);
    object(vec![("blocknote", blocknote.into()), ("markdown", text.into())])
}

/// Lower-case ASCII letters of a name, for e-mail addresses and profile handles.
fn ascii_handle(name: &str) -> String {
    name.chars()
        .filter_map(|c| match c {
            'é' | 'è' => Some('e'),
            'ã' | 'á' => Some('a'),
            'ß' => Some('s'),
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
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
