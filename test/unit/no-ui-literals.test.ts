import { RuleTester } from 'eslint';
import { describe, it } from 'vitest';
import tseslint from 'typescript-eslint';
import rule from '../../eslint-rules/no-ui-literals.js';

RuleTester.describe = describe;
RuleTester.it = it;

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } } });

describe('local/no-ui-literals', () => {
  tester.run('no-ui-literals', rule, {
    valid: [
      { code: "const a = <Button onClick={go}>{t('common.save')}</Button>;" },
      { code: "const a = <TextInput label={t('auth.username')} placeholder={t('date.placeholder')} type=\"email\" variant=\"light\" />;" },
      { code: 'const a = <Text>{n} · {m}</Text>;' },
      { code: "const a = <Text>{'—'}</Text>;" },
      { code: "const a = { value: 'x', label: t('nav.booth') };" },
      { code: "const screens = [{ id: 'booth', label: 'nav.booth' }];" },
      { code: "const a = <Badge color=\"teal\" data-testid=\"status\" aria-live=\"polite\">{count}</Badge>;" },
    ],
    invalid: [
      { code: 'const a = <Button>Save</Button>;', errors: [{ messageId: 'literal' }] },
      { code: 'const a = <TextInput label="Username" />;', errors: [{ messageId: 'literal' }] },
      { code: "const a = <Loader aria-label={'Loading'} />;", errors: [{ messageId: 'literal' }] },
      { code: 'const a = <Text>{`${n} rows`}</Text>;', errors: [{ messageId: 'literal' }] },
      { code: "const a = <Text>{done ? 'Saved' : 'Not saved'}</Text>;", errors: [{ messageId: 'literal' }] },
      { code: "const data = [{ value: 'all', label: 'All' }];", errors: [{ messageId: 'literal' }] },
      { code: 'const a = <Modal title="Päätetäänkö tili?" />;', errors: [{ messageId: 'literal' }] },
    ],
  });
});
