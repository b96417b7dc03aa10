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
use crate::template::{fill_object, template};

/// The metadata names with their own columns here; any other camelCase name gets the columns
/// every flat entity has.
pub const SAMPLED_METADATA: [&str; 3] = ["objectMetadata", "fieldMetadata", "view"];

// The entities' columns in Twenty's order, as data (see `template`): "$uuid" is a fresh UUID,
// "$id" the record id, "$createdAt" and "$updatedAt" the times, any other name the variant's.
const OBJECT_METADATA: &str = r#"{"dataSourceId":"$uuid","openRecordIn":"SIDE_PANEL","color":null,"description":"$description","icon":"$icon","isActive":true,"isLabelSyncedWithName":true,"labelPlural":"$labelPlural","labelSingular":"$labelSingular","namePlural":"$namePlural","nameSingular":"$nameSingular","labelIdentifierFieldMetadataId":"$uuid","overrides":null,"isRemote":false,"isSystem":false,"isUIEditable":true,"writability":"OPEN","readability":"OPEN","isUICreatable":true,"isAuditLogged":true,"isSearchable":true,"duplicateCriteria":null,"shortcut":null,"imageIdentifierFieldMetadataId":null,"targetTableName":"DEPRECATED","createdAt":"$createdAt","updatedAt":"$updatedAt","id":"$id","workspaceId":"$uuid","applicationId":"$uuid","universalIdentifier":"$uuid"}"#;
const FIELD_METADATA: &str = r#"{"isSystemSideEffect":false,"defaultValue":"$defaultValue","description":null,"icon":"$icon","isActive":true,"isLabelSyncedWithName":true,"isUnique":false,"isSearchable":false,"isAuditLogged":true,"label":"$label","name":"$name","options":"$options","overrides":null,"settings":null,"objectMetadataId":"$uuid","type":"$type","isSystem":false,"isUIEditable":true,"writability":"OPEN","isNullable":true,"relationTargetFieldMetadataId":null,"relationTargetObjectMetadataId":null,"morphId":null,"createdAt":"$createdAt","updatedAt":"$updatedAt","id":"$id","workspaceId":"$uuid","applicationId":"$uuid","universalIdentifier":"$uuid"}"#;
const VIEW: &str = r#"{"isSystemSideEffect":false,"key":"$key","deletedAt":null,"createdByUserWorkspaceId":"$uuid","name":"$name","type":"$type","icon":"$icon","position":"$position","isCompact":false,"openRecordIn":"SIDE_PANEL","kanbanAggregateOperation":null,"kanbanAggregateOperationFieldMetadataId":null,"anyFieldFilterValue":null,"calendarLayout":null,"calendarFieldMetadataId":null,"calendarEndFieldMetadataId":null,"visibility":"WORKSPACE","mainGroupByFieldMetadataId":"$groupBy","shouldHideEmptyGroups":false,"kanbanColumnWidth":null,"isActive":true,"overrides":null,"objectMetadataId":"$uuid","isCustom":true,"createdAt":"$createdAt","updatedAt":"$updatedAt","id":"$id","workspaceId":"$uuid","applicationId":"$uuid","universalIdentifier":"$uuid"}"#;
/// The columns every flat entity has, for metadata names without their own columns here.
const ANY_ENTITY: &str = r#"{"isActive":true,"createdAt":"$createdAt","updatedAt":"$updatedAt","id":"$id","workspaceId":"$uuid","applicationId":"$uuid","universalIdentifier":"$uuid"}"#;

// Each entity's variants: the values of its placeholders, and the changes an update may make.
const OBJECT_VARIANTS: &[&str] = &[
    r#"{"values":{"description":"Rockets tracked by the team","icon":"IconRocket","labelPlural":"Rockets","labelSingular":"Rocket","namePlural":"rockets","nameSingular":"rocket"},"changes":[{"description":"Every rocket we launch"},{"icon":"IconStar","isSearchable":false}]}"#,
    r#"{"values":{"description":"Invoices sent to customers","icon":"IconFileInvoice","labelPlural":"Invoices","labelSingular":"Invoice","namePlural":"invoices","nameSingular":"invoice"},"changes":[{"description":"Every invoice, paid or not"},{"labelPlural":"Bills","labelSingular":"Bill"}]}"#,
];
const FIELD_VARIANTS: &[&str] = &[
    r#"{"values":{"defaultValue":"''","icon":"IconMapPin","label":"Launch site","name":"launchSite","options":null,"type":"TEXT"},"changes":[{"description":"Where it lifts off"},{"label":"Launch pad","isLabelSyncedWithName":false}]}"#,
    r#"{"values":{"defaultValue":"'PLANNED'","icon":"IconTag","label":"Status","name":"status","type":"SELECT","options":[{"id":"$uuid","color":"sky","label":"Planned","value":"PLANNED","position":0},{"id":"$uuid","color":"green","label":"Active","value":"ACTIVE","position":1},{"id":"$uuid","color":"gray","label":"Done","value":"DONE","position":2}]},"changes":[{"defaultValue":"'ACTIVE'"},{"description":"Where the work stands"}]}"#,
];
const VIEW_VARIANTS: &[&str] = &[
    r#"{"values":{"key":"INDEX","name":"All Rockets","type":"TABLE","icon":"IconList","position":0,"groupBy":null},"changes":[{"name":"Every rocket"},{"isCompact":true}]}"#,
    r#"{"values":{"key":null,"name":"Invoices by status","type":"KANBAN","icon":"IconLayoutKanban","position":1,"groupBy":"$uuid"},"changes":[{"name":"Invoice board"},{"shouldHideEmptyGroups":true}]}"#,
];
const ANY_VARIANTS: &[&str] = &[r#"{"values":{},"changes":[{"isActive":false}]}"#];

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

/// [`sample_metadata_event`] with the templates' numbers read by `N` (so that a build with its
/// own JSON reader links no second one).
pub fn sample_metadata_event_with<N: NumberText>(metadata_name: &str, options: &SampleOptions) -> Result<JsonValue, PayloadError> {
    let invalid =
        |reason| PayloadError::InvalidEventName { event_name: format!("{METADATA_PREFIX}.{metadata_name}.{}", options.action), reason };
    if !is_identifier(metadata_name) {
        return Err(invalid("the metadata name must be a camelCase name such as fieldMetadata or view"));
    }
    if !Action::METADATA.contains(&options.action) {
        return Err(invalid("a metadata event's action must be created, updated or deleted"));
    }
    let (template_text, variants): (&str, &[&str]) = match metadata_name {
        "objectMetadata" => (OBJECT_METADATA, OBJECT_VARIANTS),
        "fieldMetadata" => (FIELD_METADATA, FIELD_VARIANTS),
        "view" => (VIEW, VIEW_VARIANTS),
        _ => (ANY_ENTITY, ANY_VARIANTS),
    };
    let rng = &mut SampleRng::new(options.seed);
    let variant: &&str = rng.pick(variants);
    let variant = template::<N>(variant);
    let mut values = variant.get("values").and_then(JsonValue::as_object).cloned().unwrap_or_default();
    let changes = match variant.get("changes") {
        Some(JsonValue::Array(choices)) if !choices.is_empty() => rng.pick(choices).as_object().cloned().unwrap_or_default(),
        _ => JsonObject::new(),
    };
    let created_ms = options.now_ms - DAY_MS - rng.below(90) as i64 * DAY_MS - rng.below(DAY_MS as u64) as i64;
    let record_id = rng.uuid();
    values.insert("id", record_id.as_str());
    values.insert("createdAt", iso(created_ms));
    values.insert("updatedAt", iso(options.now_ms));
    let entity = fill_object(&template::<N>(template_text), &values, rng);

    let mut properties = JsonObject::new();
    match options.action {
        Action::Created => properties.insert("after", entity),
        Action::Updated => {
            let mut after = entity.clone();
            let mut diff = JsonObject::new();
            let mut updated_fields = Vec::new();
            for (field, value) in changes.iter() {
                let before = entity.get(&field.to_string_lossy()).cloned().unwrap_or(JsonValue::Null);
                diff.insert(field.clone(), JsonObject::from_iter([("before", before), ("after", value.clone())]));
                after.insert(field.clone(), value.clone());
                updated_fields.push(JsonValue::String(field.clone()));
            }
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
        event.insert("recordId", record_id.as_str());
        event.insert("metadataName", metadata_name);
    } else {
        event.insert("metadataName", metadata_name);
        event.insert("recordId", record_id.as_str());
    }
    event.insert("properties", properties);
    Ok(JsonValue::Object(event))
}

fn iso(epoch_ms: i64) -> JsonValue {
    format_iso(epoch_ms).map_or(JsonValue::Null, JsonValue::from)
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
    fn every_template_is_a_json_object_and_every_variant_fills_it() {
        let sets =
            [(OBJECT_METADATA, OBJECT_VARIANTS), (FIELD_METADATA, FIELD_VARIANTS), (VIEW, VIEW_VARIANTS), (ANY_ENTITY, ANY_VARIANTS)];
        for (template, variants) in sets {
            let columns = JsonValue::parse(template).unwrap();
            let keys = keys(&columns);
            assert_eq!(keys[keys.len() - 4..], ["id", "workspaceId", "applicationId", "universalIdentifier"]);
            for variant in variants {
                let variant = JsonValue::parse(variant).unwrap();
                let values = get(&variant, "values");
                for (key, value) in columns.as_object().unwrap().iter() {
                    if let Some(name) = value.as_str().and_then(|v| v.strip_prefix('$')) {
                        let common = ["uuid", "id", "createdAt", "updatedAt"].contains(&name);
                        assert!(common || values.as_object().unwrap().get(name).is_some(), "{key}: ${name}");
                    }
                }
                let JsonValue::Array(changes) = get(&variant, "changes") else { panic!("changes") };
                for change in changes {
                    for (field, _) in change.as_object().unwrap().iter() {
                        assert!(keys.contains(&field.to_string_lossy().into_owned()), "{field:?}");
                    }
                }
            }
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
