/**
 * ISO base media file format (ISO/IEC 14496-12; QuickTime's MOV is its ancestor and shares it) box
 * headers: a 32-bit size and a four-character type, a 64-bit size after it when the 32-bit one is 1,
 * and size 0 for a box that runs to the end of the file.
 */

/** What the reader cannot make sense of: the file passes through with this as its note. */
export class UnreadableContainer extends Error {}

export interface BoxHeader {
	type: string;
	/** Header bytes (8, or 16 with a 64-bit size). */
	headerSize: number;
	/** The whole box, header included; undefined when it runs to the end of the file. */
	size: number | undefined;
}

/** Parses the box header at the start of `bytes` (which holds at least 8 bytes, 16 for a 64-bit size). */
export function parseBoxHeader(bytes: Buffer): BoxHeader {
	const size32 = bytes.readUInt32BE(0);
	const type = bytes.toString('latin1', 4, 8);
	if (size32 === 1) {
		if (bytes.length < 16) throw new UnreadableContainer(`the "${printable(type)}" box's 64-bit size is cut off`);
		const size64 = bytes.readBigUInt64BE(8);
		if (size64 > BigInt(Number.MAX_SAFE_INTEGER)) throw new UnreadableContainer(`the "${printable(type)}" box declares an impossible size`);
		return checked({ type, headerSize: 16, size: Number(size64) });
	}
	return checked({ type, headerSize: 8, size: size32 === 0 ? undefined : size32 });
}

function checked(header: BoxHeader): BoxHeader {
	if (header.size !== undefined && header.size < header.headerSize) {
		throw new UnreadableContainer(`the "${printable(header.type)}" box declares a size of ${header.size} bytes, less than its own header`);
	}
	return header;
}

/** A box type for messages: non-printable bytes as `?`, so random data reads as what it is. */
export function printable(type: string): string {
	return type.replace(/[^\x20-\x7e]/g, '?');
}

/** A box inside a box already in memory: its type and its payload (after the header). */
export interface Box {
	type: string;
	payload: Buffer;
}

/** The boxes inside `payload`, in order; a child that claims more than its parent holds is an error. */
export function childBoxes(payload: Buffer, parent: string): Box[] {
	const children: Box[] = [];
	let offset = 0;
	while (offset + 8 <= payload.length) {
		const header = parseBoxHeader(payload.subarray(offset));
		const size = header.size ?? payload.length - offset;
		if (offset + size > payload.length) {
			throw new UnreadableContainer(`the "${printable(header.type)}" box inside "${parent}" runs past its end (the header is damaged)`);
		}
		children.push({ type: header.type, payload: payload.subarray(offset + header.headerSize, offset + size) });
		offset += size;
	}
	return children;
}

/** The first child of type `type`. */
export function findChild(payload: Buffer, parent: string, type: string): Box | undefined {
	return childBoxes(payload, parent).find((box) => box.type === type);
}

/** Reads a field of a box's payload, or names the box when it is too short. */
export function fieldReader(box: Box) {
	const need = (offset: number, bytes: number) => {
		if (offset + bytes > box.payload.length) throw new UnreadableContainer(`the "${box.type}" box is too short`);
	};
	return {
		u8: (offset: number) => (need(offset, 1), box.payload.readUInt8(offset)),
		u16: (offset: number) => (need(offset, 2), box.payload.readUInt16BE(offset)),
		u32: (offset: number) => (need(offset, 4), box.payload.readUInt32BE(offset)),
		i32: (offset: number) => (need(offset, 4), box.payload.readInt32BE(offset)),
		u64: (offset: number) => (need(offset, 8), Number(box.payload.readBigUInt64BE(offset))),
		fourcc: (offset: number) => (need(offset, 4), box.payload.toString('latin1', offset, offset + 4)),
	};
}
