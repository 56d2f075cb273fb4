// The SQL console's few browser needs: where the caret is, marking a range of the editor, saving a result as a file.
export function selection(textarea) {
  return textarea ? [textarea.selectionStart, textarea.selectionEnd] : null;
}

export function select(textarea, start, end) {
  if (!textarea) return;
  textarea.focus();
  textarea.setSelectionRange(start, end);
}

export function setText(textarea, text) {
  if (textarea && textarea.value !== text) textarea.value = text;
}

export async function download(fileName, contentType, streamReference) {
  const buffer = await streamReference.arrayBuffer();
  const url = URL.createObjectURL(new Blob([buffer], { type: contentType }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
