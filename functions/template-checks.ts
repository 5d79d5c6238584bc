/**
 * What Meta checks when a template is created or edited (cloud-api.md §9.2, Meta's template pages), run
 * before the request so the problem is named at once, with Meta's error code where Meta has one:
 * 2388040 a character limit, 2388047 header format, 2388072 body format, 2388073 footer format,
 * 2388299 a variable at the start or end of the body; 100 (invalid parameter) otherwise.
 */
import { templateButtonProblems, templateCarouselProblems, templateHeaderProblems } from './template-part-checks.js';
import { TEMPLATE_LIMITS, exampleCount, limit, list, obj, upper, variableProblems, variables } from './template-text-checks.js';

export { TEMPLATE_LIMITS };

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
        out.push(...templateHeaderProblems(where, c, format, mediaSample));
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
        out.push(...templateButtonProblems(where, list(c.buttons), category));
        break;
      case 'CAROUSEL':
        if (category === 'AUTHENTICATION') out.push(`(#100) ${where}: carousels are for MARKETING or UTILITY templates`);
        out.push(...templateCarouselProblems(where, c, format));
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
