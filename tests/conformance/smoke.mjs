// A TypeScript-SDK client smoke test against samples/AirlockSample (see smoke.sh, which starts the sample).
// It talks the 2025-11-25 dialect exactly as the official TS client does, and checks what Airlock lets through,
// strips and blocks. The sample refuses callers without a key (HTTP 401), so the main client is the demo admin
// (X-API-Key, passed through the transport's requestInit headers); the demo reader (Authorization: Bearer) and an
// anonymous caller are checked too. Usage: node smoke.mjs http://127.0.0.1:PORT/mcp
// Prints one line per check and, last, `smoke: N passed, M failed`; exits 1 when a check failed.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";

const url = new URL(process.argv[2] ?? "http://127.0.0.1:5080/mcp");
const expectedTools = ["add", "echo", "get_customer", "search_documents", "delete_record", "read_file"];
const readerTools = ["get_customer", "read_file", "search_documents"];
const blockMetaKey = "io.agentairlock/block";

// The demo agents of the root appsettings.json (stored there hashed).
const adminKey = "airlock-demo-admin";
const readerKey = "airlock-demo-reader";

// The admin may call delete_record only Mon-Fri 09:00-17:00 UTC (both ends included, to the minute); outside that
// window tools/list hides it. The sample runs on the real clock, so the expectation is computed from it.
function inBusinessHours(now = new Date()) {
  const day = now.getUTCDay();
  const minute = now.getUTCHours() * 60 + now.getUTCMinutes();
  return day >= 1 && day <= 5 && minute >= 9 * 60 && minute <= 17 * 60;
}

const checks = [];
const check = (name, run) => checks.push({ name, run });

function assert(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

const textOf = (result) => (result.content ?? []).filter((block) => block.type === "text").map((block) => block.text).join("");
const brief = (value) => String(JSON.stringify(value)).slice(0, 400);

function assertBlocked(result, reason) {
  assert(result.isError === true, `expected isError:true, got ${brief(result)}`);
  assert(textOf(result).startsWith("AIRLOCK_BLOCK:"), `text does not start with AIRLOCK_BLOCK: ${brief(textOf(result))}`);
  assert(result.structuredContent?.block_reason === reason,
    `expected structuredContent.block_reason ${reason}, got ${brief(result.structuredContent)}`);
}

const newTransport = (headers) => new StreamableHTTPClientTransport(url, headers ? { requestInit: { headers } } : undefined);

const client = new Client({ name: "airlock-smoke", version: "1.0.0" });
const transport = newTransport({ "X-API-Key": adminKey });

check("connect (initialize, 2025-11-25)", async () => {
  await client.connect(transport);
  assert(client.getServerVersion()?.name, "no serverInfo in the initialize result");
  assert(transport.protocolVersion === "2025-11-25", `negotiated ${transport.protocolVersion}, expected 2025-11-25`);
});

// Listing also lets the client learn get_customer's output schema, which callTool validates results against.
check("tools/list (admin) has the sample's six tools in business hours, five outside", async () => {
  const before = inBusinessHours();
  const { tools } = await client.listTools();
  const after = inBusinessHours();
  const names = tools.map((tool) => tool.name);
  // Across the opening or closing minute either answer is right.
  const expected = before === after && !before ? expectedTools.filter((name) => name !== "delete_record") : expectedTools;
  const missing = expected.filter((name) => !names.includes(name));
  assert(missing.length === 0, `missing ${missing.join(", ")} in ${names.join(", ")}`);
  if (before === after && !before) {
    assert(!names.includes("delete_record"), `delete_record is listed outside business hours: ${names.join(", ")}`);
  }
});

check("add(2, 3) returns 5", async () => {
  const result = await client.callTool({ name: "add", arguments: { a: 2, b: 3 } });
  assert(!result.isError, `unexpected error: ${brief(result)}`);
  assert(textOf(result) === "5", `expected "5", got ${brief(textOf(result))}`);
});

check("ghost argument on add is blocked (ghost_arguments)", async () => {
  assertBlocked(await client.callTool({ name: "add", arguments: { a: 2, b: 3, ghost: "rm -rf /" } }), "ghost_arguments");
});

check("numeric string for an integer on add is blocked (validation_error)", async () => {
  assertBlocked(await client.callTool({ name: "add", arguments: { a: "2", b: 3 } }), "validation_error");
});

check("unknown tool is JSON-RPC error -32602 with the closest name", async () => {
  let error;
  try {
    await client.callTool({ name: "ad", arguments: { a: 1, b: 2 } });
  } catch (caught) {
    error = caught;
  }
  assert(error instanceof McpError, `expected an McpError, got ${error === undefined ? "a result" : String(error)}`);
  assert(error.code === -32602, `expected code -32602, got ${error.code}: ${error.message}`);
  assert(error.message.includes("Unknown tool: 'ad'") && error.message.includes("Did you mean 'add'"),
    `expected Airlock's hint naming 'add', got: ${error.message}`);
});

// get_customer declares an output schema: a block in structuredContent would fail the client's output validation
// and make callTool throw, so Airlock puts it in _meta instead.
check("blocked get_customer does not throw and carries the block in _meta", async () => {
  const result = await client.callTool({ name: "get_customer", arguments: { customer_id: "7" } });
  assert(result.isError === true, `expected isError:true, got ${brief(result)}`);
  assert(textOf(result).startsWith("AIRLOCK_BLOCK:"), `text does not start with AIRLOCK_BLOCK: ${brief(textOf(result))}`);
  const block = result._meta?.[blockMetaKey];
  assert(block?.block_reason === "validation_error", `expected _meta["${blockMetaKey}"].block_reason validation_error, got ${brief(result._meta)}`);
  assert(result.structuredContent === undefined, `structuredContent should be absent, got ${brief(result.structuredContent)}`);
});

check("valid get_customer returns structured content", async () => {
  const result = await client.callTool({ name: "get_customer", arguments: { customer_id: 7 } });
  assert(!result.isError, `unexpected error: ${brief(result)}`);
  assert(typeof result.structuredContent === "object" && result.structuredContent !== null, `no structuredContent: ${brief(result)}`);
  assert(result.structuredContent.id === 7, `expected id 7, got ${brief(result.structuredContent)}`);
});

// The sanitizer masks the record's personal data and secrets in structuredContent and in the text block alike; the
// masked record still satisfies the tool's output schema, which this client checks.
check("get_customer's personal data and API key are masked", async () => {
  const result = await client.callTool({ name: "get_customer", arguments: { customer_id: 7 } });
  const customer = result.structuredContent;
  assert(customer.email === "j***@example.com", `expected the masked e-mail, got ${brief(customer)}`);
  assert(customer.cardNumber === "**** **** **** 1111", `expected the masked card number, got ${brief(customer)}`);
  assert(customer.ssn === "[REDACTED]", `expected the SSN redacted, got ${brief(customer)}`);
  const everything = JSON.stringify(result);
  for (const raw of ["jane.doe7@example.com", "123-45-6789", "4111 1111 1111 1111", "sk-proj-FAKE"]) {
    assert(!everything.includes(raw), `the raw value ${raw} left the server: ${brief(result)}`);
  }
});

check("ghost argument on search_documents is stripped and the call succeeds", async () => {
  const result = await client.callTool({ name: "search_documents", arguments: { query: "rate limits", limit: 3, ghost: true } });
  assert(!result.isError, `unexpected error: ${brief(result)}`);
  assert(textOf(result).includes("Rate limits"), `expected the 'Rate limits' document, got ${brief(textOf(result))}`);
});

// Without a key, or with a key that is not configured, the sample answers 401 with WWW-Authenticate.
const initializeBody = JSON.stringify({
  jsonrpc: "2.0", id: 1, method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "airlock-smoke-raw", version: "1.0.0" } },
});

async function rawInitialize(headers = {}) {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...headers },
    body: initializeBody,
  });
}

check("read_file runs in the sandbox: the data folder is served, the host's files are not there", async () => {
  const served = await client.callTool({ name: "read_file", arguments: { path: "welcome.txt" } });
  assert(!served.isError, `unexpected error: ${brief(served)}`);
  assert(served.content?.[0]?.text?.startsWith("Welcome to the Agent Airlock sample."), `unexpected text: ${brief(served)}`);
  const escaped = await client.callTool({ name: "read_file", arguments: { path: "../../etc/shadow" } });
  assertBlocked(escaped, "sandbox_error");
  assert(escaped.structuredContent?.metadata?.sandbox_status === "tool_error", `unexpected status: ${brief(escaped)}`);
});

check("no key: HTTP 401 with WWW-Authenticate and a JSON-RPC error", async () => {
  const response = await rawInitialize();
  assert(response.status === 401, `expected HTTP 401, got ${response.status}`);
  const challenge = response.headers.get("www-authenticate");
  assert(challenge && challenge.includes("X-API-Key"), `expected a WWW-Authenticate naming X-API-Key, got ${challenge}`);
  const body = await response.json();
  assert(body.error?.code === -32000 && body.id === 1, `expected a JSON-RPC error -32000 for id 1, got ${brief(body)}`);
});

check("wrong key: HTTP 401", async () => {
  const response = await rawInitialize({ "X-API-Key": "airlock-demo-nobody" });
  assert(response.status === 401, `expected HTTP 401, got ${response.status}`);
  assert(response.headers.get("www-authenticate"), "no WWW-Authenticate header");
});

check("no key: the TS client cannot connect (HTTP 401)", async () => {
  const anonymous = new Client({ name: "airlock-smoke-anonymous", version: "1.0.0" });
  let error;
  try {
    await anonymous.connect(newTransport());
  } catch (caught) {
    error = caught;
  } finally {
    await anonymous.close().catch(() => {});
  }
  assert(error !== undefined, "the anonymous client connected");
  assert(error.code === 401 || String(error.message).includes("401"), `expected an HTTP 401 error, got ${String(error)}`);
});

check("reader (bearer key): tools/list shows only get_customer, read_file and search_documents, add is a policy violation", async () => {
  const reader = new Client({ name: "airlock-smoke-reader", version: "1.0.0" });
  try {
    await reader.connect(newTransport({ Authorization: `Bearer ${readerKey}` }));
    const { tools } = await reader.listTools();
    const names = tools.map((tool) => tool.name).sort();
    assert(JSON.stringify(names) === JSON.stringify(readerTools), `expected ${readerTools.join(", ")}, got ${names.join(", ")}`);
    const search = await reader.callTool({ name: "search_documents", arguments: { query: "rate limits", limit: 1 } });
    assert(!search.isError, `unexpected error: ${brief(search)}`);
    assertBlocked(await reader.callTool({ name: "add", arguments: { a: 2, b: 3 } }), "policy_violation");
  } finally {
    await reader.close().catch(() => {});
  }
});

let passed = 0;
let failed = 0;
let connected = true;
for (const { name, run } of checks) {
  if (!connected) {
    failed++;
    console.log(`not ok - ${name}: not run, the client could not connect`);
    continue;
  }

  try {
    await run();
    passed++;
    console.log(`ok - ${name}`);
  } catch (error) {
    failed++;
    console.log(`not ok - ${name}: ${error instanceof Error ? error.message : String(error)}`);
    if (run === checks[0].run) {
      connected = false;
    }
  }
}

try {
  await client.close();
} catch {
  // The verdict is already made; a failing close must not change it.
}

console.log(`smoke: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
