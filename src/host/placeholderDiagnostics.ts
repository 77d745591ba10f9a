import * as vscode from 'vscode';
import { findPlaceholders, type PlaceholderSpan } from '../core/markdown/recordPlaceholders';
import { formatTimestamp } from '../core/record/recordTime';
import { isRecordTextDocument } from './recordDocuments';

const SOURCE = 'Deployment Records';
const TIME_CODE = 'unfilled-time';
const OTHER_CODE = 'unfilled-placeholder';
const TYPING_DEBOUNCE_MS = 250;

function messageFor(span: PlaceholderSpan): string {
  if (span.text === '') {
    return `${span.field ?? 'This field'} is empty.`;
  }
  return span.field ? `${span.field} is not filled in yet (${span.text}).` : `Placeholder ${span.text} is not filled in yet.`;
}

/**
 * Reports unfilled placeholders of open records in the Problems panel, as warnings, and offers
 * a quick fix that writes the current time into time fields.
 */
export function registerPlaceholderDiagnostics(context: vscode.ExtensionContext): void {
  const collection = vscode.languages.createDiagnosticCollection('deploymentRecords.placeholders');
  const pending = new Map<string, ReturnType<typeof setTimeout>>();

  const update = (doc: vscode.TextDocument): void => {
    if (doc.isClosed || !isRecordTextDocument(doc)) {
      collection.delete(doc.uri);
      return;
    }
    const diagnostics = findPlaceholders(doc.getText()).map((span) => {
      const range = new vscode.Range(span.line, span.start, span.line, span.end);
      const diagnostic = new vscode.Diagnostic(range, messageFor(span), vscode.DiagnosticSeverity.Warning);
      diagnostic.source = SOURCE;
      diagnostic.code = span.isTime ? TIME_CODE : OTHER_CODE;
      return diagnostic;
    });
    collection.set(doc.uri, diagnostics);
  };

  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument(update),
    vscode.workspace.onDidChangeTextDocument((event) => {
      const key = event.document.uri.toString();
      clearTimeout(pending.get(key));
      pending.set(key, setTimeout(() => {
        pending.delete(key);
        update(event.document);
      }, TYPING_DEBOUNCE_MS));
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      clearTimeout(pending.get(doc.uri.toString()));
      collection.delete(doc.uri);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('deploymentRecords')) {
        vscode.workspace.textDocuments.forEach(update);
      }
    }),
    vscode.languages.registerCodeActionsProvider({ language: 'markdown' }, new FillTimeQuickFix(), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix]
    }),
    { dispose: () => pending.forEach((timer) => clearTimeout(timer)) }
  );
  vscode.workspace.textDocuments.forEach(update);
}

class FillTimeQuickFix implements vscode.CodeActionProvider {
  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const now = new Date();
    const stamp = formatTimestamp(now, -now.getTimezoneOffset());
    return context.diagnostics
      .filter((d) => d.source === SOURCE && d.code === TIME_CODE)
      .map((diagnostic) => {
        const action = new vscode.CodeAction(`Fill in the current time (${stamp})`, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = true;
        action.edit = new vscode.WorkspaceEdit();
        const { start, end } = diagnostic.range;
        const text = doc.getText(diagnostic.range);
        if (text.startsWith('[')) {
          action.edit.replace(doc.uri, diagnostic.range, stamp);
        } else {
          // An empty `**Field**:`: the value goes after the colon, the field name stays.
          const lineEnd = doc.lineAt(start.line).range.end;
          const colonEnd = doc.lineAt(start.line).text.lastIndexOf(':', end.character) + 1;
          action.edit.replace(doc.uri, new vscode.Range(start.line, colonEnd, lineEnd.line, lineEnd.character), ` ${stamp}`);
        }
        return action;
      });
  }
}
