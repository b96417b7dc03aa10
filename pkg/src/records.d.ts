/**
 * The records of Twenty's standard objects as webhooks carry them (after-state; the last state
 * for `destroyed`), and the body of a metadata event. Fields as in Twenty's server
 * (`packages/twenty-server/src/modules/<object>/standard-objects/<object>.workspace-entity.ts`):
 * relations arrive as `<relation>Id` foreign keys, never embedded. A workspace's custom fields
 * on a standard object are not listed: add them with a type argument, e.g.
 * `webhooks.on<Person & { tier: string }>("person.created", …)`.
 */
import type { TwentyActor, TwentyWebhookPayload } from "./index.js";

// ---------------------------------------------------------------------------------------------
// Composite field shapes

export interface FullName {
  firstName: string;
  lastName: string;
}

export interface Emails {
  primaryEmail: string;
  additionalEmails: string[] | null;
}

export interface Phones {
  primaryPhoneNumber: string;
  primaryPhoneCountryCode: string;
  primaryPhoneCallingCode: string;
  additionalPhones: Array<{ number: string; countryCode: string; callingCode: string }> | null;
}

export interface Links {
  primaryLinkUrl: string;
  primaryLinkLabel: string;
  secondaryLinks: Array<{ url: string; label: string }> | null;
}

export interface Currency {
  /** The amount in millionths of the currency unit. */
  amountMicros: number | null;
  /** ISO 4217, e.g. `USD`. */
  currencyCode: string;
}

export interface Address {
  addressStreet1: string;
  addressStreet2: string;
  addressCity: string;
  addressPostcode: string;
  addressState: string;
  addressCountry: string;
  addressLat: number | null;
  addressLng: number | null;
}

export interface RichText {
  /** BlockNote's document, as a JSON string. */
  blocknote: string | null;
  markdown: string | null;
}

// ---------------------------------------------------------------------------------------------
// Records

/** What every record of every object carries. */
export interface TwentyRecordFields {
  id: string;
  /** ISO-8601. */
  createdAt: string;
  updatedAt: string;
  /** Set when the record is soft-deleted (`deleted`, and `destroyed` after a delete). */
  deletedAt: string | null;
}

/** Fields of records that users create (the standard objects below and custom objects). */
export interface TwentyUserRecordFields extends TwentyRecordFields {
  position: number;
  createdBy: TwentyActor;
  updatedBy: TwentyActor;
}

export interface Person extends TwentyUserRecordFields {
  name: FullName | null;
  emails: Emails;
  linkedinLink: Links | null;
  xLink: Links | null;
  jobTitle: string | null;
  phones: Phones;
  city: string | null;
  avatarUrl: string | null;
  companyId: string | null;
}

export interface Company extends TwentyUserRecordFields {
  name: string | null;
  domainName: Links;
  employees: number | null;
  linkedinLink: Links | null;
  xLink: Links | null;
  annualRecurringRevenue: Currency | null;
  address: Address;
  idealCustomerProfile: boolean;
  accountOwnerId: string | null;
}

export type OpportunityStage = "NEW" | "SCREENING" | "MEETING" | "PROPOSAL" | "CUSTOMER";

export interface Opportunity extends TwentyUserRecordFields {
  name: string;
  amount: Currency | null;
  /** ISO-8601. */
  closeDate: string | null;
  /** One of Twenty's stages, or a stage the workspace added. */
  stage: OpportunityStage | (string & {});
  pointOfContactId: string | null;
  companyId: string | null;
}

export type TaskStatus = "TODO" | "IN_PROGRESS" | "DONE";

export interface Task extends TwentyUserRecordFields {
  title: string | null;
  bodyV2: RichText | null;
  /** ISO-8601. */
  dueAt: string | null;
  status: TaskStatus | null;
  assigneeId: string | null;
}

export interface Note extends TwentyUserRecordFields {
  title: string;
  bodyV2: RichText | null;
}

export interface WorkspaceMember extends TwentyRecordFields {
  position: number;
  name: FullName;
  colorScheme: string;
  /** e.g. `en`, `fr-FR`. */
  locale: string;
  avatarUrl: string | null;
  userEmail: string | null;
  /** 0 = system default, 1 = Monday … 7 = Sunday. */
  calendarStartDay: number;
  userId: string;
  timeZone: string;
  dateFormat: "SYSTEM" | "MONTH_FIRST" | "DAY_FIRST" | "YEAR_FIRST";
  timeFormat: "SYSTEM" | "HOUR_12" | "HOUR_24";
  numberFormat: "SYSTEM" | "COMMAS_AND_DOT" | "SPACES_AND_COMMA" | "DOTS_AND_COMMA" | "APOSTROPHE_AND_DOT";
}

/** The record type of each standard object, by its singular name. */
export interface StandardRecords {
  person: Person;
  company: Company;
  opportunity: Opportunity;
  task: Task;
  note: Note;
  workspaceMember: WorkspaceMember;
}

/** A record of a custom object, or of a standard object not typed above. */
export interface GenericRecord extends TwentyRecordFields {
  position?: number;
  createdBy?: TwentyActor;
  updatedBy?: TwentyActor;
  [field: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Metadata events

/** The actions of metadata events. */
export type MetadataAction = "created" | "updated" | "deleted";

/** A metadata entity's flat form: its columns (ids, names, labels, flags, options, timestamps). */
export type MetadataEntity = Record<string, unknown>;

/** `event.properties`: `{ after }` for created, `{ updatedFields, diff, before, after }` for updated, `{ before }` for deleted. */
export interface MetadataEventProperties<TEntity = MetadataEntity> {
  before?: TEntity;
  after?: TEntity;
  updatedFields?: string[];
  /** Each changed field's `{ before, after }`. */
  diff?: Record<string, { before: unknown; after: unknown }>;
}

/**
 * The body of a metadata event (`metadata.<metadataName>.<action>`, newer Twenty servers): keys
 * in this order, optional ones absent. No `objectMetadata`, `record`, `workspaceMemberId` or
 * `updatedFields`.
 */
export interface TwentyMetadataPayload<TEntity = MetadataEntity> {
  targetUrl: string;
  /** `metadata.<metadataName>.<created|updated|deleted>`, e.g. `metadata.fieldMetadata.created`. */
  eventName: `metadata.${string}.${MetadataAction}`;
  workspaceId: string;
  webhookId: string;
  /** ISO-8601 UTC with milliseconds. */
  eventDate: string;
  userId?: string;
  /** Set when an API key made the change. */
  apiKeyId?: string;
  event: {
    /** camelCase entity name, e.g. `objectMetadata`, `fieldMetadata`, `view`, `webhook`. */
    metadataName: string;
    recordId: string;
    properties: MetadataEventProperties<TEntity>;
    type: MetadataAction;
  };
}

/** The body of a record event of a standard object, typed by its record. */
export type TwentyRecordPayload<TRecord = GenericRecord> = TwentyWebhookPayload<TRecord>;
