// Checks XML documents against an XSD with libxml2, compiled to WebAssembly so that it runs
// wherever Node does, with nothing to install. The local Directo server validates every put
// document this way, and the tests check every document the serializers write.

import { XmlDocument, XsdValidator } from 'libxml2-wasm';

/** One schema, compiled once and used for many documents. */
export class XsdCheck {
  private readonly schema: XmlDocument;
  private readonly validator: XsdValidator;

  constructor(xsdText: string) {
    this.schema = XmlDocument.fromString(xsdText);
    this.validator = XsdValidator.fromDoc(this.schema);
  }

  /** The validator's messages for `xml`; empty when the document is valid. */
  check(xml: string): string[] {
    let document: XmlDocument;
    try {
      document = XmlDocument.fromString(xml);
    } catch (error) {
      return [`not well-formed: ${(error as Error).message.trim()}`];
    }
    try {
      this.validator.validate(document);
      return [];
    } catch (error) {
      const details = (error as { details?: { message: string; line: number }[] }).details;
      return details?.map((d) => `line ${d.line}: ${d.message.trim()}`) ?? [String(error)];
    } finally {
      document.dispose();
    }
  }

  /** Frees the compiled schema; the check cannot be used afterwards. */
  dispose(): void {
    this.validator.dispose();
    this.schema.dispose();
  }
}
