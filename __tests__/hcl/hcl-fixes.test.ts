import { fixFalsyVariableAttributes, fixQuotedDependsOn, fixTokenStringQuoting, renderTerraformBlock } from '../../scripts/lib/hcl/cdktf-hcl-fixes';
import { endOfBlock, quotedTemplate } from '../../scripts/lib/hcl/hcl-scan';
import { bareExpression, hclBlocks, hclBody, hclValue } from '../../scripts/lib/hcl/json-to-hcl';
import { topLevelBlocks } from '../../scripts/lib/hcl/top-level-blocks';

describe('repairs to cdktf 0.21 HCL', () => {
  describe('quoted templates', () => {
    test('GIVEN quotes outside an interpolation THEN they are escaped and the interpolation kept as written', () => {
      expect(quotedTemplate('{ ($.x = "a") && ($.arn = "${aws_kms_key.k.arn}") }')).toBe('"{ ($.x = \\"a\\") && ($.arn = \\"${aws_kms_key.k.arn}\\") }"');
    });
    test('GIVEN quotes inside an interpolation THEN they stay: they are part of the expression', () => {
      expect(quotedTemplate('${var.x == "a" ? "b" : "c"}')).toBe('"${var.x == "a" ? "b" : "c"}"');
    });
    test('GIVEN a nested template and an escaped $${ THEN both survive', () => {
      expect(quotedTemplate('a$${b} ${join(",", [for v in l : "${v}/"])}')).toBe('"a$${b} ${join(",", [for v in l : "${v}/"])}"');
    });
    test('GIVEN backslashes and newlines in literal text THEN they are escaped', () => {
      expect(quotedTemplate('a\\b\nc')).toBe('"a\\\\b\\nc"');
    });
  });

  test('GIVEN a string holding both quotes and a token THEN its naive rendering is replaced, other strings untouched (terraform-cdk#3911)', () => {
    const json = { resource: { r: { x: { pattern: '{ ($.a = "b")${local.c} }', plain: 'no "token"' } } } };
    const hcl = 'pattern = "{ ($.a = "b")${local.c} }"\nplain = "no \\"token\\""\n';
    expect(fixTokenStringQuoting(hcl, json)).toBe('pattern = "{ ($.a = \\"b\\")${local.c} }"\nplain = "no \\"token\\""\n');
  });

  test('GIVEN JSON text without a token (a dashboard body) THEN its backslashes, which cdktf leaves bare, are escaped so "\\n" stays two characters', () => {
    const body = '{"markdown":"## a\\n**b** \\"c\\""}';
    const json = { resource: { d: { x: { dashboard_body: body } } } };
    // cdktf escapes the quotes no backslash precedes, and nothing else.
    const rendered = `dashboard_body = "${body.replace(/(?<!\\)"/g, '\\"')}"\n`;
    const fixed = fixTokenStringQuoting(rendered, json);
    expect(fixed).toBe(`dashboard_body = ${quotedTemplate(body)}\n`);
    expect(JSON.parse(fixed.slice('dashboard_body = '.length).trim())).toBe(body);
  });

  test('GIVEN falsy variable attributes THEN the dropped ones are written back, and present ones are not repeated', () => {
    const hcl = 'variable "flag" {\ntype = bool\n}\n\nvariable "lock" {\ntype = string\nvalidation {\ncondition = true\n}\ndefault = null\n}\n';
    const fixed = fixFalsyVariableAttributes(hcl, { flag: { type: 'bool', default: false, nullable: false }, lock: { type: 'string', default: null } });
    expect(fixed).toContain('variable "flag" {\ndefault = false\nnullable = false\ntype = bool');
    expect(fixed.match(/default = null/g)).toHaveLength(1);
  });

  test('GIVEN the terraform block THEN it is written from the JSON, required_version included (cdk-terrain#313)', () => {
    expect(renderTerraformBlock({
      required_version: '>= 1.6.0',
      required_providers: { aws: { source: 'aws', version: '5.100.0' } },
      backend: { s3: { bucket: 'b', encrypt: true, assume_role: { role_arn: 'arn:aws:iam::1:role/r' } } },
    })).toBe([
      'terraform {',
      '  required_version = ">= 1.6.0"',
      '  required_providers {',
      '    aws = { source = "hashicorp/aws", version = "5.100.0" }',
      '  }',
      '  backend "s3" {',
      '    bucket = "b"',
      '    encrypt = true',
      '    assume_role {',
      '      role_arn = "arn:aws:iam::1:role/r"',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'));
  });

  test('GIVEN quoted depends_on entries THEN they become references', () => {
    expect(fixQuotedDependsOn('depends_on = [\n"aws_s3_bucket_versioning.V",\n"data.aws_x.y"\n]')).toBe('depends_on = [\naws_s3_bucket_versioning.V,\ndata.aws_x.y\n]');
  });

  test('GIVEN nested blocks with a dynamic block THEN they are written as blocks with dynamic "..." { for_each, content }', () => {
    expect(hclBlocks('advanced_event_selector', [{ name: 'n', field_selector: [{ field: 'a', equals: ['b'] }], dynamic: { field_selector: { for_each: '${var.x ? [1] : []}', content: { field: 'readOnly', equals: ['false'] } } } }], '')).toEqual([
      'advanced_event_selector {',
      '  name = "n"',
      '  field_selector {',
      '    field = "a"',
      '    equals = ["b"]',
      '  }',
      '  dynamic "field_selector" {',
      '    for_each = var.x ? [1] : []',
      '    content {',
      '      field = "readOnly"',
      '      equals = ["false"]',
      '    }',
      '  }',
      '}',
    ]);
  });

  test('GIVEN a list of dynamic blocks of one type THEN each is written, in order, with its own for_each and content', () => {
    expect(hclBody({ name: 't', dynamic: { selector: [{ for_each: '${var.a ? [1] : []}', content: { n: 'first' } }, { for_each: '${[1]}', content: { n: 'second' } }] } }, '')).toEqual([
      'name = "t"',
      'dynamic "selector" {',
      '  for_each = var.a ? [1] : []',
      '  content {',
      '    n = "first"',
      '  }',
      '}',
      'dynamic "selector" {',
      '  for_each = [1]',
      '  content {',
      '    n = "second"',
      '  }',
      '}',
    ]);
  });

  test('GIVEN a local object THEN keys with hyphens stay bare, strings are quoted, interpolation-only strings become expressions', () => {
    expect(hclValue({ 's3-x': { pattern: '{ ($.a = "b") }', n: 1, e: '${local.y}' } })).toBe('{\n  s3-x = {\n    pattern = "{ ($.a = \\"b\\") }"\n    n = 1\n    e = local.y\n  }\n}');
    expect(bareExpression('${a} and ${b}')).toBeUndefined();
  });

  test('GIVEN rendered HCL THEN top-level blocks are found whole, braces inside strings ignored', () => {
    const hcl = 'locals {\n  p = "{ not a block }"\n}\n\nresource "aws_x" "y" {\n  a = "}"\n  b {\n  }\n}\n';
    expect(topLevelBlocks(hcl).map((block) => [block.kind, block.labels])).toEqual([['locals', []], ['resource', ['aws_x', 'y']]]);
    expect(endOfBlock('x { "}" }', 2)).toBe(9);
  });
});
