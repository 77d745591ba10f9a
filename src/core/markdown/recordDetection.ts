/**
 * Which markdown documents are deployment records. Shared by the editor layer and the
 * preview plugin so that both highlight exactly the same documents.
 */

/** Documents past either bound are left alone: highlighting must never stall the editor. */
export const MAX_RECORD_CHARS = 1024 * 1024;
export const MAX_RECORD_LINES = 200_000;

const METADATA_HEADING = /^ {0,3}#{1,6}[ \t]+Deployment Metadata\b/m;

/** True when the text has a `Deployment Metadata` heading, the mark every record carries. */
export function hasMetadataHeading(text: string): boolean {
  return METADATA_HEADING.test(text);
}

/**
 * True when `filePath` lies inside `checklistsFolder` (a workspace-relative folder such as
 * `deployments/checklists`). Both `/` and `\` separators are accepted, and the folder has to
 * match whole path segments so that `my-deployments/checklists-old` does not count.
 */
export function isInChecklistsFolder(filePath: string, checklistsFolder: string): boolean {
  const folder = normalizeSlashes(checklistsFolder).replace(/^\.?\/+|\/+$/g, '');
  if (!folder) {
    return false;
  }
  const dir = normalizeSlashes(filePath).replace(/\/[^/]*$/, '');
  return ('/' + dir + '/').toLowerCase().includes('/' + folder.toLowerCase() + '/');
}

/** Inputs for {@link isRecordDocument}; every part is optional so callers pass what they know. */
export interface RecordDocumentInput {
  readonly path?: string;
  readonly text: string;
  readonly checklistsFolder?: string;
  /** The `deploymentRecords.decorations.allMarkdown` setting. */
  readonly allMarkdown?: boolean;
}

/** Decides whether a markdown document is a record (or should be treated like one). */
export function isRecordDocument(input: RecordDocumentInput): boolean {
  if (input.allMarkdown) {
    return true;
  }
  if (input.path && isInChecklistsFolder(input.path, input.checklistsFolder ?? 'deployments/checklists')) {
    return true;
  }
  return hasMetadataHeading(input.text);
}

function normalizeSlashes(p: string): string {
  return p.replace(/\\/g, '/');
}
