// Figures in the article editor: the picture cannot be typed over, and there is always a line
// after the last block to write on.
//
// An extension module of django-prose-editor, as editor-table-caption.js is
// (DJANGO_PROSE_EDITOR_EXTENSIONS in portal/settings/base.py; « FigureGuard » and
// « TrailingParagraph » in articles/sanitize.py's EDITOR_EXTENSIONS).
//
// Why: a click on a figure's picture selects the picture alone, and ProseMirror then puts what
// is typed in its place. A figure must hold a picture, so ProseMirror made a new one without
// an address for each letter, the letters in paragraphs of their own between them: a writer
// who clicked the photo and typed lost it (a newsroom trial). With the picture (or the figure)
// selected, typing now starts a paragraph after the figure, Enter opens an empty one there,
// and Backspace or Delete removes the figure once, whole (Ctrl+Z brings it back).
import { Extension, Plugin, TrailingNode } from "django-prose-editor/editor"

// The figure the selection is on: the figure itself, or its picture.
function selectedFigure(state) {
  const { selection } = state
  const node = selection.node
  if (!node) return null
  if (node.type.name === "figure") return { pos: selection.from, node }
  if (node.type.name === "image" && selection.$from.parent.type.name === "figure") {
    return { pos: selection.$from.before(), node: selection.$from.parent }
  }
  return null
}

function writeAfter(editor, figure, text) {
  const after = figure.pos + figure.node.nodeSize
  const paragraph = text
    ? { type: "paragraph", content: [{ type: "text", text }] }
    : { type: "paragraph" }
  return editor
    .chain()
    .insertContentAt(after, paragraph)
    .setTextSelection(after + 1 + text.length)
    .scrollIntoView()
    .run()
}

export const FigureGuard = Extension.create({
  name: "figureGuard",

  addKeyboardShortcuts() {
    const removeFigure = () => {
      const figure = selectedFigure(this.editor.state)
      if (!figure) return false
      return this.editor.commands.deleteRange({
        from: figure.pos,
        to: figure.pos + figure.node.nodeSize,
      })
    }
    return {
      Enter: () => {
        const figure = selectedFigure(this.editor.state)
        return figure ? writeAfter(this.editor, figure, "") : false
      },
      Backspace: removeFigure,
      Delete: removeFigure,
    }
  },

  addProseMirrorPlugins() {
    const editor = this.editor
    return [
      new Plugin({
        props: {
          handleTextInput(view, _from, _to, text) {
            const figure = selectedFigure(view.state)
            return figure ? writeAfter(editor, figure, text) : false
          },
        },
      }),
    ]
  },
})

// A paragraph always closes the text: after a figure or a table that ends it, there is a line
// to click on and write (there was none below a figure just inserted).
export const TrailingParagraph = TrailingNode.configure({
  node: "paragraph",
  notAfter: ["paragraph"],
})
