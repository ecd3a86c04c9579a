import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ACTION_VALIDATORS } from './actionValidators';
import { FORM_FIELD_NAMES } from './fieldNames';

/*
 * The suite's templates (templates/<name>/template.yaml) against the fields this plugin
 * registers: a misspelt `ui:field` would render a plain input, a misspelt `validateAs`
 * an error on every value.
 */

const TEMPLATES_DIR = resolve(__dirname, '../../../../../templates');
const templates = readdirSync(TEMPLATES_DIR, { withFileTypes: true })
  .filter(entry => entry.isDirectory())
  .map(entry => [
    entry.name,
    readFileSync(join(TEMPLATES_DIR, entry.name, 'template.yaml'), 'utf8'),
  ]);

const OURS = [...Object.values(FORM_FIELD_NAMES)] as string[];

describe.each(templates)('templates/%s', (_name, text) => {
  it('uses only fields this plugin registers, with validators it knows', () => {
    const fields = [...text.matchAll(/ui:field: (\S+)/g)].map(m => m[1]);
    expect(fields.filter(f => /^Model(Delivery|Download)/.test(f))).toEqual(
      fields.filter(f => OURS.includes(f)),
    );
    const validateAs = [...text.matchAll(/validateAs: (\S+)/g)].map(m => m[1]);
    expect(validateAs.length).toBeGreaterThan(0);
    expect(validateAs.filter(v => !(v in ACTION_VALIDATORS))).toEqual([]);
  });

  it('asks for the cluster with the cluster picker', () => {
    expect(text).toMatch(
      new RegExp(
        `cluster:\\n(\\s+\\S.*\\n)*?\\s+ui:field: ${FORM_FIELD_NAMES.cluster}\\n`,
      ),
    );
  });
});
