// Small Directo-style schemas and field tables built in the tests, so that each test shows
// the input it is about.

/** A schema in the published layout: container, record, attributes, one datafields child. */
export function schemaText(options: {
  container?: string;
  record?: string;
  relation?: string;
  attributes: string;
  dataAttributes?: string;
}): string {
  const record = options.record ?? 'thing';
  const data =
    options.dataAttributes ??
    '<xsd:attribute name="code" sql:field="kood" type="xsd:string"/><!-- 32 -->';
  return `<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"
\t    xmlns:sql="urn:schemas-microsoft-com:mapping-schema">
\t<xsd:element name="${options.container ?? 'things'}" sql:is-constant="true">
\t\t<xsd:complexType>
\t\t\t<xsd:sequence>
\t\t\t\t<xsd:element name="${record}" sql:relation="${options.relation ?? 'shop_things'}">
\t\t\t\t\t<xsd:complexType>
\t\t\t\t\t\t<xsd:sequence>
\t\t\t\t\t\t\t<xsd:element name="datafields" sql:is-constant="true">
\t\t\t\t\t\t\t\t<xsd:complexType>
\t\t\t\t\t\t\t\t\t<xsd:sequence>
\t\t\t\t\t\t\t\t\t\t<xsd:element ref="data" sql:relationship="Data"/>
\t\t\t\t\t\t\t\t\t</xsd:sequence>
\t\t\t\t\t\t\t\t</xsd:complexType>
\t\t\t\t\t\t\t</xsd:element>
\t\t\t\t\t\t</xsd:sequence>
${options.attributes
  .trim()
  .split('\n')
  .map((line) => `\t\t\t\t\t\t${line.trim()}`)
  .join('\n')}
\t\t\t\t\t</xsd:complexType>
\t\t\t\t</xsd:element>
\t\t\t</xsd:sequence>
\t\t</xsd:complexType>
\t</xsd:element>
\t<xsd:annotation>
\t\t<xsd:appinfo>
\t\t\t<sql:relationship name="Data" parent="shop_things" parent-key="kood"
\t\t\t\tchild="shop_things_lisa" child-key="kaart"/>
\t\t</xsd:appinfo>
\t</xsd:annotation>
\t<xsd:element name="data" sql:relation="shop_things_lisa">
\t\t<xsd:complexType>
\t\t\t${data}
\t\t</xsd:complexType>
\t</xsd:element>
</xsd:schema>
`;
}

/** The line of a schema built by schemaText on which its first record attribute stands. */
export const FIRST_ATTRIBUTE_LINE = 17;

/** A wiki-style field table with a get and a put header section. */
export function tableText(options: {
  output?: string[];
  input?: string[];
  extra?: string;
}): string {
  const lines = ['# Things (thing)', '', '<b>what</b>\tthing', ''];
  if (options.output !== undefined) {
    lines.push('## Output (get)', '', '### Header', '');
    lines.push('XML field\tSQL field\tType\tLength\tUI label\tDescription', ...options.output, '');
  }
  if (options.input !== undefined) {
    lines.push('## Input (put)', '', '### Header', '');
    lines.push(
      'XML field\tSQL field\tType\tLength\tMandatory\tUI label\tDescription',
      ...options.input,
      '',
    );
  }
  if (options.extra !== undefined) lines.push(options.extra);

  return lines.join('\n');
}
