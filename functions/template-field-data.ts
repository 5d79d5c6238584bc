/**
 * What the form fields of a template's variables say, as data (fields/template-variables.json, and the
 * parts of fields/media.json and fields/commerce.json they take). Its exports are data only: the Make
 * export turns each into a custom function that returns it (scripts/gen-make-functions.mjs).
 */
import definitions from '../fields/template-variables.json' with { type: 'json' };
import media from '../fields/media.json' with { type: 'json' };
import commerce from '../fields/commerce.json' with { type: 'json' };

export const TEMPLATE_VARIABLE_FIELDS = definitions;
/** A media header's id and link, and a document's filename. */
export const HEADER_MEDIA_FIELDS = { source: media.source, filename: media.filename };
/** A multi-product button's sections. */
export const PRODUCT_SECTION_FIELDS = commerce.productSections;
