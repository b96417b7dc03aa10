/**
 * @module admin/auth
 * Who may use the admin API: whoever sends `Authorization: Bearer <ADMIN_TOKEN>`. Never a token
 * in the URL (URLs end up in logs). Both sides are hashed with SHA-256 first, so the comparison
 * is of two equal-length digests and takes the same time whatever the token sent.
 */

const encoder = new TextEncoder();
const BEARER = /^Bearer +(\S+) *$/i;

/** True when `authorization` (the header's value, or undefined) carries `adminToken`. */
export async function isAdmin(authorization, adminToken) {
  const sent = BEARER.exec(authorization ?? "")?.[1];
  if (sent === undefined) return false;
  const [expected, actual] = await Promise.all([digest(adminToken), digest(sent)]);
  return crypto.subtle.timingSafeEqual(expected, actual);
}

function digest(text) {
  return crypto.subtle.digest("SHA-256", encoder.encode(text));
}
