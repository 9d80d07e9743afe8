/**
 * State shared by the graph workspace, the inspector and the dialogs: which edit dialog is open, and a counter that
 * every successful edit (or undo/redo) bumps so that the views refresh.
 */
export type EditDialog =
  | { kind: 'entity' }
  | { kind: 'relation'; subject?: string; object?: string }
  | { kind: 'merge'; survivor?: string; duplicate?: string };

export interface EditNote {
  summary: string;
  /** An entity key that changed (rename with a new key, or a merge's duplicate into its survivor). */
  renamed?: { from: string; to: string };
  /** Entities the view should show after this edit (a new entity, the ends of a new relation). */
  show?: string[];
}

export const workbench = $state<{ dialog: EditDialog | null; editVersion: number; last: EditNote | null }>({
  dialog: null,
  editVersion: 0,
  last: null,
});

/** Call after an edit went through: the summary is shown, the views refresh. */
export function edited(note: EditNote): void {
  workbench.last = note;
  workbench.editVersion++;
}

export function openDialog(dialog: EditDialog): void {
  workbench.dialog = dialog;
}
