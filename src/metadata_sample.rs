//! Realistic metadata events for test deliveries and demos, built as Twenty's workspace
//! migration runner builds them (`derive-metadata-events-from-{create,update,delete}-action`):
//! `{ type, metadataName, recordId, properties }`, with `properties` `{ after }` for created,
//! `{ updatedFields, diff, before, after }` for updated and `{ before }` for deleted.
//!
//! `before` and `after` are the entity's scalar flat form (`flatEntityToScalarFlatEntity`): its
//! compared columns in Twenty's configuration order
//! (`ALL_ENTITY_PROPERTIES_CONFIGURATION_BY_METADATA_NAME`), then `id`, `workspaceId`,
//! `applicationId` and `universalIdentifier`. objectMetadata, fieldMetadata and view have their
//! own columns; any other metadata name gets the columns every flat entity has.

use crate::prelude::*;

use crate::error::PayloadError;
use crate::event_date::format_iso;
use crate::event_name::{Action, METADATA_PREFIX, is_identifier};
use crate::json::{JsonObject, JsonValue, NumberText, RustNumbers};
use crate::random::SampleRng;
use crate::sample::SampleOptions;

/// The metadata names with their own columns here; any other camelCase name gets the columns
/// every flat entity has.
pub const SAMPLED_METADATA: [&str; 3] = ["objectMetadata", "fieldMetadata", "view"];

/// A custom object: singular and plural names, labels and icon.
struct CustomObject {
    singular: &'static str,
    plural: &'static str,
    label_singular: &'static str,
    label_plural: &'static str,
    icon: &'static str,
}

const OBJECTS: &[CustomObject] = &[
    CustomObject { singular: "rocket", plural: "rockets", label_singular: "Rocket", label_plural: "Rockets", icon: "IconRocket" },
    CustomObject { singular: "invoice", plural: "invoices", label_singular: "Invoice", label_plural: "Invoices", icon: "IconFileInvoice" },
    CustomObject { singular: "vehicle", plural: "vehicles", label_singular: "Vehicle", label_plural: "Vehicles", icon: "IconCar" },
    CustomObject { singular: "project", plural: "projects", label_singular: "Project", label_plural: "Projects", icon: "IconBriefcase" },
];

/// A field: name, label, type, icon and default value (as Twenty stores it, SQL-quoted text).
const FIELDS: &[(&str, &str, &str, &str, Option<&str>)] = &[
    ("launchSite", "Launch site", "TEXT", "IconMapPin", Some("''")),
    ("budget", "Budget", "NUMBER", "IconCoins", None),
    ("isReusable", "Reusable", "BOOLEAN", "IconRecycle", None),
    ("dueDate", "Due date", "DATE_TIME", "IconCalendarEvent", None),
    ("status", "Status", "SELECT", "IconTag", Some("'PLANNED'")),
];
const STATUS_OPTIONS: [(&str, &str, &str); 3] = [("PLANNED", "Planned", "sky"), ("ACTIVE", "Active", "green"), ("DONE", "Done", "gray")];

// The entities' columns in Twenty's order, as data: a string value "$name" is filled in (a
// fresh UUID for "$uuid", the times, the record id, or the entity's own values below).
const OBJECT_METADATA: &str = r#"{"dataSourceId":"$uuid","openRecordIn":"SIDE_PANEL","color":null,"description":"$description","icon":"$icon","isActive":true,"isLabelSyncedWithName":true,"labelPlural":"$labelPlural","labelSingular":"$labelSingular","namePlural":"$namePlural","nameSingular":"$nameSingular","labelIdentifierFieldMetadataId":"$uuid","overrides":null,"isRemote":false,"isSystem":false,"isUIEditable":true,"writability":"OPEN","readability":"OPEN","isUICreatable":true,"isAuditLogged":true,"isSearchable":true,"duplicateCriteria":null,"shortcut":null,"imageIdentifierFieldMetadataId":null,"targetTableName":"DEPRECATED","createdAt":"$createdAt","updatedAt":"$updatedAt","id":"$id","workspaceId":"$uuid","applicationId":"$uuid","universalIdentifier":"$uuid"}"#;
const FIELD_METADATA: &str = r#"{"isSystemSideEffect":false,"defaultValue":"$defaultValue","description":null,"icon":"$icon","isActive":true,"isLabelSyncedWithName":true,"isUnique":false,"isSearchable":false,"isAuditLogged":true,"label":"$label","name":"$name","options":"$options","overrides":null,"settings":null,"objectMetadataId":"$uuid","type":"$type","isSystem":false,"isUIEditable":true,"writability":"OPEN","isNullable":true,"relationTargetFieldMetadataId":null,"relationTargetObjectMetadataId":null,"morphId":null,"createdAt":"$createdAt","updatedAt":"$updatedAt","id":"$id","workspaceId":"$uuid","applicationId":"$uuid","universalIdentifier":"$uuid"}"#;
const VIEW: &str = r#"{"isSystemSideEffect":false,"key":"$key","deletedAt":null,"createdByUserWorkspaceId":"$uuid","name":"$name","type":"$type","icon":"$icon","position":"$position","isCompact":false,"openRecordIn":"SIDE_PANEL","kanbanAggregateOperation":null,"kanbanAggregateOperationFieldMetadataId":null,"anyFieldFilterValue":null,"calendarLayout":null,"calendarFieldMetadataId":null,"calendarEndFieldMetadataId":null,"visibility":"WORKSPACE","mainGroupByFieldMetadataId":"$groupBy","shouldHideEmptyGroups":false,"kanbanColumnWidth":null,"isActive":true,"overrides":null,"objectMetadataId":"$uuid","isCustom":true,"createdAt":"$createdAt","updatedAt":"$updatedAt","id":"$id","workspaceId":"$uuid","applicationId":"$uuid","universalIdentifier":"$uuid"}"#;
/// The columns every flat entity has, for metadata names without their own columns here.
const ANY_ENTITY: &str = r#"{"isActive":true,"createdAt":"$createdAt","updatedAt":"$updatedAt","id":"$id","workspaceId":"$uuid","applicationId":"$uuid","universalIdentifier":"$uuid"}"#;

const DAY_MS: i64 = 86_400_000;

/// A metadata event as Twenty builds it, for `metadata_name` (camelCase, e.g. `view`) and
/// `options.action` (created, updated or deleted).
///
/// ```
/// use twenty_webhooks::{Action, SampleOptions, sample_metadata_event};
/// let options = SampleOptions { seed: 1, now_ms: 1_735_066_639_761, action: Action::Updated };
/// let event = sample_metadata_event("fieldMetadata", &options).unwrap();
/// let event = event.as_object().unwrap();
/// assert_eq!(event.get("type").unwrap().as_str(), Some("updated"));
/// let properties = event.get("properties").unwrap().as_object().unwrap();
/// let keys: Vec<_> = properties.iter().map(|(k, _)| k.to_string_lossy().into_owned()).collect();
/// assert_eq!(keys, ["updatedFields", "diff", "before", "after"]);
/// ```
pub fn sample_metadata_event(metadata_name: &str, options: &SampleOptions) -> Result<JsonValue, PayloadError> {
    sample_metadata_event_with::<RustNumbers>(metadata_name, options)
}

/// [`sample_metadata_event`] with the templates' numbers read by `N` (they have none; the
/// parameter only keeps a second JSON reader out of builds that have one).
pub fn sample_metadata_event_with<N: NumberText>(metadata_name: &str, options: &SampleOptions) -> Result<JsonValue, PayloadError> {
    let invalid =
        |reason| PayloadError::InvalidEventName { event_name: format!("{METADATA_PREFIX}.{metadata_name}.{}", options.action), reason };
    if !is_identifier(metadata_name) {
        return Err(invalid("the metadata name must be a camelCase name such as fieldMetadata or view"));
    }
    if !Action::METADATA.contains(&options.action) {
        return Err(invalid("a metadata event's action must be created, updated or deleted"));
    }
    let rng = &mut SampleRng::new(options.seed);
    let created_ms = options.now_ms - DAY_MS - rng.below(90) as i64 * DAY_MS - rng.below(DAY_MS as u64) as i64;
    let record_id = rng.uuid();
    let (template, values, changes) = match metadata_name {
        "objectMetadata" => object_metadata(rng),
        "fieldMetadata" => field_metadata(rng),
        "view" => view(rng),
        _ => (ANY_ENTITY, Vec::new(), vec![("isActive", false.into())]),
    };
    let mut entity = JsonObject::new();
    if let Ok(JsonValue::Object(columns)) = JsonValue::parse_with::<N>(template) {
        for (column, value) in columns.iter() {
            let filled = match value.as_str().and_then(|text| text.strip_prefix('$')) {
                Some("uuid") => rng.uuid().into(),
                Some("id") => record_id.as_str().into(),
                Some("createdAt") => iso(created_ms),
                Some("updatedAt") => iso(options.now_ms),
                Some(name) => values.iter().find(|(wanted, _)| *wanted == name).map_or(JsonValue::Null, |(_, v)| v.clone()),
                None => value.clone(),
            };
            entity.insert(column.clone(), filled);
        }
    }

    let mut properties = JsonObject::new();
    match options.action {
        Action::Created => properties.insert("after", entity),
        Action::Updated => {
            let mut after = entity.clone();
            let mut diff = JsonObject::new();
            for (field, value) in &changes {
                let before = entity.get(field).cloned().unwrap_or(JsonValue::Null);
                diff.insert(*field, JsonObject::from_iter([("before", before), ("after", value.clone())]));
                after.insert(*field, value.clone());
            }
            let updated_fields = changes.iter().map(|(field, _)| JsonValue::from(*field)).collect::<Vec<_>>();
            properties.insert("updatedFields", JsonValue::Array(updated_fields));
            properties.insert("diff", diff);
            properties.insert("before", entity);
            properties.insert("after", after);
        }
        _ => properties.insert("before", entity),
    }

    // Twenty builds created events of entities other than objects with recordId before
    // metadataName; every other event has metadataName first.
    let mut event = JsonObject::new();
    event.insert("type", options.action.as_str());
    if options.action == Action::Created && metadata_name != "objectMetadata" {
        event.insert("recordId", record_id);
        event.insert("metadataName", metadata_name);
    } else {
        event.insert("metadataName", metadata_name);
        event.insert("recordId", record_id);
    }
    event.insert("properties", properties);
    Ok(JsonValue::Object(event))
}

/// An entity's template, the values of its own placeholders, and what an update changes.
type Sampled = (&'static str, Vec<(&'static str, JsonValue)>, Vec<(&'static str, JsonValue)>);

fn iso(epoch_ms: i64) -> JsonValue {
    format_iso(epoch_ms).map_or(JsonValue::Null, JsonValue::from)
}

fn object_metadata(rng: &mut SampleRng) -> Sampled {
    let object = rng.pick(OBJECTS);
    let values = vec![
        ("description", format!("{} tracked by the team", object.label_plural).into()),
        ("icon", object.icon.into()),
        ("labelPlural", object.label_plural.into()),
        ("labelSingular", object.label_singular.into()),
        ("namePlural", object.plural.into()),
        ("nameSingular", object.singular.into()),
    ];
    let changes = if rng.below(2) == 0 {
        vec![("description", format!("Every {} we work on", object.singular).into())]
    } else {
        vec![("icon", "IconStar".into()), ("isSearchable", false.into())]
    };
    (OBJECT_METADATA, values, changes)
}

fn field_metadata(rng: &mut SampleRng) -> Sampled {
    let (name, label, kind, icon, default_value) = *rng.pick(FIELDS);
    let values = vec![
        ("defaultValue", default_value.map_or(JsonValue::Null, JsonValue::from)),
        ("icon", icon.into()),
        ("label", label.into()),
        ("name", name.into()),
        ("options", if kind == "SELECT" { select_options(rng) } else { JsonValue::Null }),
        ("type", kind.into()),
    ];
    let changes = if rng.below(2) == 0 {
        vec![("description", format!("{label}, as agreed with the customer").into())]
    } else {
        vec![("isActive", false.into())]
    };
    (FIELD_METADATA, values, changes)
}

fn select_options(rng: &mut SampleRng) -> JsonValue {
    let options = STATUS_OPTIONS.iter().enumerate().map(|(position, (value, label, color))| {
        let option = JsonObject::from_iter([
            ("id", JsonValue::from(rng.uuid())),
            ("color", (*color).into()),
            ("label", (*label).into()),
            ("value", (*value).into()),
            ("position", (position as f64).into()),
        ]);
        JsonValue::Object(option)
    });
    JsonValue::Array(options.collect())
}

fn view(rng: &mut SampleRng) -> Sampled {
    let object = rng.pick(OBJECTS);
    let kanban = rng.below(3) == 0;
    let (name, kind, icon) = if kanban {
        (format!("{} by status", object.label_plural), "KANBAN", "IconLayoutKanban")
    } else {
        (format!("All {}", object.label_plural), "TABLE", "IconList")
    };
    let values = vec![
        ("key", if kanban { JsonValue::Null } else { "INDEX".into() }),
        ("name", name.into()),
        ("type", kind.into()),
        ("icon", icon.into()),
        ("position", (rng.below(4) as f64).into()),
        ("groupBy", if kanban { rng.uuid().into() } else { JsonValue::Null }),
    ];
    let changes = if rng.below(2) == 0 { vec![("name", format!("My {}", object.plural).into())] } else { vec![("isCompact", true.into())] };
    (VIEW, values, changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_735_066_639_761;

    fn options(action: Action) -> SampleOptions {
        SampleOptions { seed: 5, now_ms: NOW, action }
    }

    fn keys(value: &JsonValue) -> Vec<String> {
        value.as_object().unwrap().iter().map(|(k, _)| k.to_string_lossy().into_owned()).collect()
    }

    fn get<'a>(value: &'a JsonValue, key: &str) -> &'a JsonValue {
        value.as_object().and_then(|o| o.get(key)).unwrap_or_else(|| panic!("no {key}"))
    }

    #[test]
    fn events_are_built_in_twentys_key_order() {
        let created = sample_metadata_event("objectMetadata", &options(Action::Created)).unwrap();
        assert_eq!(keys(&created), ["type", "metadataName", "recordId", "properties"]);
        assert_eq!(keys(get(&created, "properties")), ["after"]);
        let created = sample_metadata_event("view", &options(Action::Created)).unwrap();
        assert_eq!(keys(&created), ["type", "recordId", "metadataName", "properties"]);
        let deleted = sample_metadata_event("view", &options(Action::Deleted)).unwrap();
        assert_eq!(keys(&deleted), ["type", "metadataName", "recordId", "properties"]);
        assert_eq!(keys(get(&deleted, "properties")), ["before"]);
    }

    #[test]
    fn entities_end_with_their_identity_columns() {
        for name in SAMPLED_METADATA.iter().chain(&["webhook"]) {
            let event = sample_metadata_event(name, &options(Action::Created)).unwrap();
            let after = get(get(&event, "properties"), "after");
            let keys = keys(after);
            assert_eq!(keys[keys.len() - 4..], ["id", "workspaceId", "applicationId", "universalIdentifier"], "{name}");
            assert_eq!(get(after, "id"), get(&event, "recordId"));
            assert_eq!(get(after, "updatedAt").as_str(), Some("2024-12-24T18:57:19.761Z"));
        }
        let object = sample_metadata_event("objectMetadata", &options(Action::Created)).unwrap();
        let after = get(get(&object, "properties"), "after");
        assert!(get(after, "nameSingular").as_str().is_some() && get(after, "labelPlural").as_str().is_some());
        let field = sample_metadata_event("fieldMetadata", &options(Action::Deleted)).unwrap();
        assert!(get(get(get(&field, "properties"), "before"), "type").as_str().is_some());
    }

    #[test]
    fn updates_carry_the_diff_of_their_updated_fields() {
        for seed in 0..8 {
            for name in SAMPLED_METADATA.iter().chain(&["agent"]) {
                let event = sample_metadata_event(name, &SampleOptions { seed, ..options(Action::Updated) }).unwrap();
                let properties = get(&event, "properties");
                let JsonValue::Array(fields) = get(properties, "updatedFields") else { panic!("updatedFields") };
                assert!(!fields.is_empty());
                assert_eq!(keys(get(properties, "diff")), fields.iter().map(|f| f.as_str().unwrap().to_owned()).collect::<Vec<_>>());
                for field in fields {
                    let field = field.as_str().unwrap();
                    let change = get(get(properties, "diff"), field);
                    assert_eq!(get(change, "before"), get(get(properties, "before"), field));
                    assert_eq!(get(change, "after"), get(get(properties, "after"), field));
                    assert_ne!(get(change, "before"), get(change, "after"), "{name}.{field}");
                }
            }
        }
    }

    #[test]
    fn every_template_is_a_json_object_with_the_identity_columns_last() {
        for template in [OBJECT_METADATA, FIELD_METADATA, VIEW, ANY_ENTITY] {
            let columns = JsonValue::parse(template).unwrap();
            let keys = keys(&columns);
            assert_eq!(keys[keys.len() - 4..], ["id", "workspaceId", "applicationId", "universalIdentifier"]);
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_event() {
        let a = sample_metadata_event("view", &options(Action::Updated));
        assert_eq!(a, sample_metadata_event("view", &options(Action::Updated)));
        assert_ne!(a, sample_metadata_event("view", &SampleOptions { seed: 6, ..options(Action::Updated) }));
    }

    #[test]
    fn bad_names_and_record_only_actions_are_refused() {
        assert_eq!(sample_metadata_event("not a name", &options(Action::Created)).unwrap_err().code(), "INVALID_EVENT_NAME");
        assert_eq!(sample_metadata_event("view", &options(Action::Restored)).unwrap_err().code(), "INVALID_EVENT_NAME");
        assert_eq!(sample_metadata_event("view", &options(Action::Destroyed)).unwrap_err().code(), "INVALID_EVENT_NAME");
    }
}
