/**
 * The checks of a template's header, buttons and carousel, each returning its problems. Apart from
 * templateProblems (template-checks.ts) so that each is a Make custom function of its own: together they
 * are over Make's 5,000-character limit (scripts/gen-make-functions.mjs).
 */
import { TEMPLATE_LIMITS, chars, exampleCount, limit, list, obj, upper, variableProblems, variables, type Json } from './template-text-checks.js';

export function templateHeaderProblems(where: string, c: Json, format: string, mediaSample: boolean): string[] {
  const out: string[] = [];
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
  return out;
}

export function templateButtonProblems(where: string, buttons: unknown[], category: string): string[] {
  const out: string[] = [];
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
  return out;
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

export function templateCarouselProblems(where: string, c: Json, format: string): string[] {
  const out: string[] = [];
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
  return out;
}
