/**
 * Text that came from a message, made safe to print on a terminal.
 *
 * Anyone can encrypt a message to the organisation's public key, so whatever a message
 * says (subject, text, file names, header values) is written by a stranger. A terminal
 * acts on control characters: ESC starts sequences that clear the screen and print
 * fake text, set the window title (OSC 0), or fill the clipboard (OSC 52); U+009B is the
 * same CSI in one character; a lone carriage return overwrites the line before it; the
 * bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) make
 * `invoice<U+202E>txt.sh` read as `invoicehs.txt`. Every such character is shown as
 * its code point (`<U+001B>`) instead of acting. Line feeds and tabs stay, as do the
 * bidirectional marks (U+200E, U+200F, U+061C): they only nudge neutral characters
 * next to them, and Arabic text written by people uses them.
 *
 * One function, used for every string from a message that the inbox prints.
 */

/** C0 except tab and line feed, DEL, C1, bidi embeddings, overrides and isolates. */
export const activeCharacters = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** How one active character is shown: `<U+001B>`. */
export function codePointLabel(character: string): string {
  return `<U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/**
 * `text` with every control character and bidi override/isolate replaced by its visible
 * label. CRLF becomes LF first (mail text arrives with CRLF); a carriage return on its
 * own is shown, since it moves the cursor back over what was printed. Unpaired
 * surrogates become U+FFFD.
 */
export function visibleText(text: string): string {
  return text.toWellFormed().replace(/\r\n/g, '\n').replace(activeCharacters, codePointLabel);
}

/** The same for one-line values (a subject, a file name, a header): line feeds and tabs are shown too. */
export function visibleLine(text: string): string {
  return visibleText(text).replace(/[\n\t]/g, codePointLabel);
}
