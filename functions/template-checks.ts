/**
 * What Meta checks when a template is created or edited (cloud-api.md §9.2, Meta's template pages), run
 * before the request so the problem is named at once, with Meta's error code where Meta has one:
 * 2388040 a character limit, 2388047 header format, 2388072 body format, 2388073 footer format,
 * 2388299 a variable at the start or end of the body; 100 (invalid parameter) otherwise.
 */
type Json = Record<string, unknown>;

const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const NAMED = /^[a-z0-9_]+$/;
const POSITIONAL = /^[1-9][0-9]*$/;
/** Per component, in characters (Meta's template components page; cloud-api.md §9.2). */
export const TEMPLATE_LIMITS = {
  headerText: 60,
  body: 1024,
  footer: 60,
  buttonText: 25,
  buttons: 10,
  urlButtons: 2,
  phoneButtons: 1,
  phoneNumber: 20,
  url: 2000,
  copyCode: 15,
  carouselCards: 10,
  carouselBody: 160,
  carouselButtons: 2,
  offerText: 16,
  offerBody: 600,
  codeExpirationMinutes: 90,
  supportedApps: 5,
} as const;

const obj = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const upper = (v: unknown) => (typeof v === 'string' ? v.toUpperCase() : '');
const chars = (s: unknown) => (typeof s === 'string' ? [...s].length : 0);

function variables(text: unknown): string[] {
  return typeof text === 'string' ? [...text.matchAll(VARIABLE)].map((m) => m[1]) : [];
}

/** Problems of the variables of one text: numbering, naming, and the examples given for them. */
function variableProblems(where: string, text: unknown, format: string, out: string[]): string[] {
  const vars = variables(text);
  if (vars.length === 0) return vars;
  const named = format === 'NAMED';
  for (const v of vars) {
    if (named && !NAMED.test(v)) out.push(`(#2388072) ${where}: {{${v}}} is not a named variable (lowercase letters, digits and _) — parameter_format is NAMED`);
    if (!named && !POSITIONAL.test(v)) out.push(`(#2388072) ${where}: {{${v}}} is not a positional variable ({{1}}, {{2}}…) — set parameter_format NAMED for named variables`);
  }
  if (!named && vars.every((v) => POSITIONAL.test(v))) {
    const numbers = [...new Set(vars.map(Number))].sort((a, b) => a - b);
    const expected = numbers.map((_, i) => i + 1);
    if (numbers.join() !== expected.join()) out.push(`(#2388072) ${where}: variables must be numbered {{1}} to {{${numbers.length}}} without gaps; found ${numbers.map((n) => `{{${n}}}`).join(', ')}`);
  }
  return vars;
}

function exampleCount(where: string, vars: string[], format: string, example: Json | undefined, positionalKey: string, namedKey: string, out: string[]): void {
  if (vars.length === 0) return;
  const distinct = [...new Set(vars)];
  if (format === 'NAMED') {
    const given = list(example?.[namedKey]).map((e) => obj(e)?.param_name);
    const missing = distinct.filter((v) => !given.includes(v));
    if (missing.length > 0) out.push(`(#100) ${where}: example.${namedKey} needs an example for ${missing.map((m) => `{{${m}}}`).join(', ')}`);
    return;
  }
  const raw = example?.[positionalKey];
  const values = positionalKey === 'body_text' ? list(list(raw)[0]) : list(raw);
  if (values.length !== distinct.length) out.push(`(#100) ${where}: example.${positionalKey} has ${values.length} example value(s) for ${distinct.length} variable(s)`);
}

function limit(where: string, value: unknown, max: number, out: string[]): void {
  if (chars(value) > max) out.push(`(#2388040) ${where} is ${chars(value)} characters; at most ${max}`);
}

function headerProblems(where: string, c: Json, format: string, mediaSample: boolean, out: string[]): void {
  const kind = upper(c.format || 'TEXT');
  const example = obj(c.example);
  if (kind === 'TEXT') {
    limit(`${where}.text`, c.text, TEMPLATE_LIMITS.headerText, out);
    const vars = variableProblems(`${where}.text`, c.text, format, out);
    if (new Set(vars).size > 1) out.push(`(#2388047) ${where}: a text header may have one variable; it has ${new Set(vars).size}`);
    if (typeof c.text === 'string' && /\n/.test(c.text)) out.push(`(#2388047) ${where}: a text header may not contain a line break`);
    exampleCount(where, vars, format, example, 'header_text', 'header_text_named_params', out);
  } else if (kind === 'IMAGE' || kind === 'VIDEO' || kind === 'DOCUMENT') {
    if (list(example?.header_handle).length === 0 && !mediaSample)
      out.push(`(#2388047) ${where}: a ${kind} header needs a sample — example.header_handle from the Resumable Upload API, or give headerSample and it is uploaded`);
  } else if (kind !== 'LOCATION' && kind !== 'PRODUCT') out.push(`(#2388047) ${where}: format must be TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION`);
}

function buttonProblems(where: string, buttons: unknown[], category: string, out: string[]): void {
  if (buttons.length === 0) out.push(`(#100) ${where}: buttons is empty`);
  if (buttons.length > TEMPLATE_LIMITS.buttons) out.push(`(#100) ${where}: at most ${TEMPLATE_LIMITS.buttons} buttons; there are ${buttons.length}`);
  const count = (t: string) => buttons.filter((b) => upper(obj(b)?.type) === t).length;
  if (count('URL') > TEMPLATE_LIMITS.urlButtons) out.push(`(#100) ${where}: at most ${TEMPLATE_LIMITS.urlButtons} URL buttons`);
  if (count('PHONE_NUMBER') > TEMPLATE_LIMITS.phoneButtons) out.push(`(#100) ${where}: at most ${TEMPLATE_LIMITS.phoneButtons} phone-number button`);
  buttons.forEach((raw, i) => {
    const b = obj(raw) ?? {};
    const at = `${where}.buttons[${i}]`;
    const type = upper(b.type);
    if (b.text !== undefined) limit(`${at}.text`, b.text, TEMPLATE_LIMITS.buttonText, out);
    if (type === 'URL') {
      limit(`${at}.url`, b.url, TEMPLATE_LIMITS.url, out);
      const vars = variables(b.url);
      if (vars.length > 1 || (vars.length === 1 && !/\{\{\s*[^{}]+\s*\}\}$/.test(String(b.url)))) out.push(`(#100) ${at}: a URL may have one variable, at its end`);
      if (vars.length === 1 && list(b.example).length !== 1) out.push(`(#100) ${at}: a URL with a variable needs one example URL`);
    } else if (type === 'PHONE_NUMBER') limit(`${at}.phone_number`, b.phone_number, TEMPLATE_LIMITS.phoneNumber, out);
    else if (type === 'COPY_CODE') limit(`${at}.example`, b.example, TEMPLATE_LIMITS.copyCode, out);
    else if (type === 'OTP') {
      if (category !== 'AUTHENTICATION') out.push(`(#100) ${at}: OTP buttons are for AUTHENTICATION templates`);
      otpProblems(at, b, out);
    } else if (!['QUICK_REPLY', 'FLOW', 'CATALOG', 'MPM', 'VOICE_CALL', 'SPM'].includes(type)) out.push(`(#100) ${at}: unknown button type ${JSON.stringify(b.type)}`);
  });
}

function otpProblems(at: string, b: Json, out: string[]): void {
  const otp = upper(b.otp_type);
  if (!['COPY_CODE', 'ONE_TAP', 'ZERO_TAP'].includes(otp)) out.push(`(#100) ${at}: otp_type must be COPY_CODE, ONE_TAP or ZERO_TAP`);
  if (otp === 'ONE_TAP' || otp === 'ZERO_TAP') {
    const apps = list(b.supported_apps);
    // Meta moved the app's package name and signature hash into supported_apps; the older button-level pair is still read.
    if (apps.length === 0 && !(b.package_name && b.signature_hash)) out.push(`(#100) ${at}: a ${otp} button needs supported_apps [{ package_name, signature_hash }]`);
    if (apps.length > TEMPLATE_LIMITS.supportedApps) out.push(`(#100) ${at}: at most ${TEMPLATE_LIMITS.supportedApps} supported_apps`);
    apps.forEach((a, j) => {
      const app = obj(a) ?? {};
      if (typeof app.package_name !== 'string' || !app.package_name) out.push(`(#100) ${at}.supported_apps[${j}]: package_name is required`);
      if (typeof app.signature_hash !== 'string' || chars(app.signature_hash) !== 11) out.push(`(#100) ${at}.supported_apps[${j}]: signature_hash must be the app's 11-character hash`);
    });
  }
  if (otp === 'ZERO_TAP' && b.zero_tap_terms_accepted !== true) out.push(`(#100) ${at}: a ZERO_TAP button needs zero_tap_terms_accepted: true`);
}

function carouselProblems(where: string, c: Json, format: string, out: string[]): void {
  const cards = list(c.cards);
  if (cards.length < 1 || cards.length > TEMPLATE_LIMITS.carouselCards) out.push(`(#100) ${where}: a carousel has 1 to ${TEMPLATE_LIMITS.carouselCards} cards; it has ${cards.length}`);
  const shapes = new Set<string>();
  cards.forEach((raw, i) => {
    const comps = list(obj(raw)?.components).map((x) => obj(x) ?? {});
    const at = `${where}.cards[${i}]`;
    const header = comps.find((x) => upper(x.type) === 'HEADER');
    const kind = upper(header?.format);
    if (kind !== 'IMAGE' && kind !== 'VIDEO') out.push(`(#2388047) ${at}: each card needs an IMAGE or VIDEO header`);
    else if (list(obj(header!.example)?.header_handle).length === 0) out.push(`(#2388047) ${at}: the card's ${kind} header needs example.header_handle`);
    const body = comps.find((x) => upper(x.type) === 'BODY');
    if (body) {
      limit(`${at} BODY text`, body.text, TEMPLATE_LIMITS.carouselBody, out);
      exampleCount(`${at} BODY`, variableProblems(`${at} BODY`, body.text, format, out), format, obj(body.example), 'body_text', 'body_text_named_params', out);
    }
    const buttons = list(comps.find((x) => upper(x.type) === 'BUTTONS')?.buttons);
    if (buttons.length < 1 || buttons.length > TEMPLATE_LIMITS.carouselButtons) out.push(`(#100) ${at}: a card has 1 or ${TEMPLATE_LIMITS.carouselButtons} buttons`);
    shapes.add(`${kind}|${buttons.map((b) => upper(obj(b)?.type)).join(',')}`);
  });
  if (shapes.size > 1) out.push(`(#100) ${where}: every card must have the same header format and the same buttons`);
}

/**
 * Every problem of a template to be created or edited (`input`: the module's parameters), each a
 * sentence starting with Meta's code; empty when Meta's checks would pass. `components` may be left
 * out on an edit that changes only the category or the time to live.
 */
export function templateProblems(input: unknown): string[] {
  const p = obj(input) ?? {};
  const out: string[] = [];
  const category = upper(p.category);
  const format = upper(p.parameter_format) || 'POSITIONAL';
  const mediaSample = p.headerSample !== undefined && p.headerSample !== null && p.headerSample !== '';
  if (p.components === undefined) return out;
  const comps = list(p.components).map((c) => obj(c) ?? {});
  const types = comps.map((c) => upper(c.type));
  for (const t of ['HEADER', 'BODY', 'FOOTER', 'BUTTONS', 'CAROUSEL', 'LIMITED_TIME_OFFER']) {
    if (types.filter((x) => x === t).length > 1) out.push(`(#100) components: at most one ${t}`);
  }
  if (!types.includes('BODY')) out.push('(#100) components: a BODY is required');
  comps.forEach((c, i) => {
    const where = `components[${i}] ${upper(c.type)}`;
    switch (upper(c.type)) {
      case 'HEADER':
        if (category === 'AUTHENTICATION') out.push(`(#100) ${where}: authentication templates have no header`);
        headerProblems(where, c, format, mediaSample, out);
        break;
      case 'BODY': {
        if (category === 'AUTHENTICATION') {
          if (c.text !== undefined) out.push(`(#100) ${where}: an authentication body is Meta's fixed text — give add_security_recommendation only`);
          break;
        }
        const max = types.includes('LIMITED_TIME_OFFER') ? TEMPLATE_LIMITS.offerBody : TEMPLATE_LIMITS.body;
        if (typeof c.text !== 'string' || c.text.trim() === '') out.push(`(#100) ${where}: text is required`);
        limit(`${where} text`, c.text, max, out);
        const vars = variableProblems(where, c.text, format, out);
        if (vars.length > 0 && /^\s*\{\{[^{}]*\}\}|\{\{[^{}]*\}\}[\s.!?]*$/.test(String(c.text))) out.push(`(#2388299) ${where}: the text may not start or end with a variable`);
        exampleCount(where, vars, format, obj(c.example), 'body_text', 'body_text_named_params', out);
        break;
      }
      case 'FOOTER':
        if (category === 'AUTHENTICATION') {
          const m = c.code_expiration_minutes;
          if (m !== undefined && (!Number.isInteger(m) || (m as number) < 1 || (m as number) > TEMPLATE_LIMITS.codeExpirationMinutes))
            out.push(`(#100) ${where}: code_expiration_minutes must be 1 to ${TEMPLATE_LIMITS.codeExpirationMinutes}`);
          break;
        }
        if (types.includes('LIMITED_TIME_OFFER')) out.push(`(#100) ${where}: a limited-time offer has no footer`);
        limit(`${where} text`, c.text, TEMPLATE_LIMITS.footer, out);
        if (variables(c.text).length > 0) out.push(`(#2388073) ${where}: a footer may not contain variables`);
        break;
      case 'BUTTONS':
        buttonProblems(where, list(c.buttons), category, out);
        break;
      case 'CAROUSEL':
        if (category === 'AUTHENTICATION') out.push(`(#100) ${where}: carousels are for MARKETING or UTILITY templates`);
        carouselProblems(where, c, format, out);
        break;
      case 'LIMITED_TIME_OFFER': {
        if (category !== 'MARKETING') out.push(`(#100) ${where}: limited-time offers are MARKETING templates`);
        const offer = obj(c.limited_time_offer) ?? {};
        if (typeof offer.text !== 'string' || offer.text === '') out.push(`(#100) ${where}: limited_time_offer.text is required`);
        limit(`${where} limited_time_offer.text`, offer.text, TEMPLATE_LIMITS.offerText, out);
        const buttons = list(comps.find((x) => upper(x.type) === 'BUTTONS')?.buttons).map((b) => upper(obj(b)?.type));
        if (!buttons.includes('URL')) out.push(`(#100) ${where}: a limited-time offer needs a URL button`);
        if (offer.has_expiration === true && buttons[0] !== 'COPY_CODE') out.push(`(#100) ${where}: an offer with an expiration needs a COPY_CODE button first`);
        break;
      }
      default:
        out.push(`(#100) ${where}: unknown component type ${JSON.stringify(c.type)}`);
    }
  });
  if (category === 'AUTHENTICATION') {
    const otp = list(comps.find((c) => upper(c.type) === 'BUTTONS')?.buttons).filter((b) => upper(obj(b)?.type) === 'OTP');
    if (otp.length !== 1) out.push('(#100) components: an authentication template needs exactly one OTP button');
  }
  return out;
}

/** The components with a media header's sample handle (from the Resumable Upload API) filled in. */
export function withHeaderHandle(components: unknown, handle: unknown): unknown {
  if (typeof handle !== 'string' || handle === '' || !Array.isArray(components)) return components;
  return components.map((c: unknown) => {
    const comp = obj(c);
    if (!comp || upper(comp.type) !== 'HEADER') return c;
    return { ...comp, example: { ...obj(comp.example), header_handle: [handle] } };
  });
}
