/**
 * The records of Twenty's standard objects as webhooks carry them (after-state; the last state
 * for `destroyed`). Fields as in Twenty's server
 * (`packages/twenty-server/src/modules/<object>/standard-objects/<object>.workspace-entity.ts`):
 * relations arrive as `<relation>Id` foreign keys, never embedded. A workspace's custom fields
 * on a standard object are not listed: add them with a type argument, e.g.
 * `webhooks.on<Person & { tier: string }>("person.created", …)`. Custom objects' records are
 * `TwentyRecordBase`; metadata events' bodies are `TwentyMetadataEventPayload`.
 */
import type { TwentyActor } from "./index.js";

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
