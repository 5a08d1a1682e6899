// The caret after a link just made in the article editor, not the linked words selected.
//
// An extension module of django-prose-editor, as editor-figures.js is
// (DJANGO_PROSE_EDITOR_EXTENSIONS in portal/settings/base.py; « CaretAfterLink » in
// articles/sanitize.py's EDITOR_EXTENSIONS).
//
// The link dialog hands the editor back with the words it linked still selected, so the next
// key typed replaced them, link and all (a newsroom's trial). Once a link is set or changed with
// words selected, the caret goes after them, as in a word processor, and what is typed there
// is not linked (the editor's links stretch as text is typed at their end); an undo keeps its
// own selection.
import { Extension, Plugin, isProseMirrorAddMarkStep, isTextSelection } from "django-prose-editor/editor"

const linksAdded = (transaction) =>
  !transaction.getMeta("history$") &&
  transaction.steps.some((step) => isProseMirrorAddMarkStep(step) && step.mark.type.name === "link")

export const CaretAfterLink = Extension.create({
  name: "caretAfterLink",

  addProseMirrorPlugins() {
    return [
      new Plugin({
        appendTransaction(transactions, _before, state) {
          const { selection } = state
          if (selection.empty || !isTextSelection(selection)) return null
          if (!transactions.some(linksAdded)) return null
          return state.tr
            .setSelection(selection.constructor.create(state.doc, selection.to))
            .removeStoredMark(state.schema.marks.link)
        },
      }),
    ]
  },
})
