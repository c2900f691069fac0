/** What the example request needs to know about a webhook. */
export interface CurlOptions {
  url: string;
  method: string;
  auth: 'none' | 'token' | 'hmac';
  /** The secret's name (never its value: the example reads it from `$TOKEN`). */
  secret?: string | undefined;
  /** The JSON body to send; ignored for GET and DELETE. */
  body?: unknown;
}

/** Methods the example sends a body with. */
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** Single-quoted for POSIX shells: nothing inside is expanded. */
const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * A curl command that calls the webhook the way it expects: its method, a JSON body, and the bearer token or the
 * HMAC-SHA256 signature computed from `$TOKEN` (the secret's value never appears, only its name in a comment).
 */
export function webhookCurl({ url, method, auth, secret, body = { hello: 'world' } }: CurlOptions): string {
  const lines: string[] = [];
  if (auth !== 'none') lines.push(`# TOKEN: the value of the secret ${secret ?? '(not chosen yet)'}`);
  const json = WITH_BODY.has(method) ? JSON.stringify(body) : null;
  const command = [`curl -X ${method} ${quote(url)}`];
  if (auth === 'hmac') {
    lines.push(`BODY=${quote(json ?? '')}`);
    lines.push(`SIG=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$TOKEN" -r | cut -d' ' -f1)`);
    command.push(`-H "X-Switchyard-Signature: sha256=$SIG"`);
  }
  if (auth === 'token') command.push(`-H "Authorization: Bearer $TOKEN"`);
  if (json !== null) {
    command.push(`-H 'content-type: application/json'`);
    command.push(auth === 'hmac' ? `--data "$BODY"` : `--data ${quote(json)}`);
  }
  lines.push(command.join(' \\\n  '));
  return lines.join('\n');
}
