/**
 * Name of the `Y.Text` that holds a document's content. y-codemirror.next's
 * examples call it "codemirror"; every client of a document (this app, a
 * stock y-websocket client, server-side tooling) must use the same name.
 */
export const DOCUMENT_TEXT_NAME = "codemirror";
