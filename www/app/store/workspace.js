/**
 * @module store/workspace
 * The ids of this pretend workspace. In Twenty they do not change between deliveries, so
 * they are generated once and kept: previews are then reproducible.
 */
import { load, save } from "./storage.js";

const KEY = "workspace";

function stored() {
  const workspace = load(KEY, null);
  if (workspace) return workspace;
  const fresh = {
    workspaceId: crypto.randomUUID(),
    userId: crypto.randomUUID(),
    workspaceMemberId: crypto.randomUUID(),
    objectMetadataIds: {},
  };
  save(KEY, fresh);
  return fresh;
}

export function workspaceIds() {
  const { workspaceId, userId, workspaceMemberId } = stored();
  return { workspaceId, userId, workspaceMemberId };
}

/** Each object has one metadata id per workspace. */
export function objectMetadataId(objectName) {
  const workspace = stored();
  if (!workspace.objectMetadataIds[objectName]) {
    workspace.objectMetadataIds[objectName] = crypto.randomUUID();
    save(KEY, workspace);
  }
  return workspace.objectMetadataIds[objectName];
}
