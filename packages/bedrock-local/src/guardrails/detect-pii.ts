import { findRegExp, type TextMatch } from "./find-matches.js";
import type { PiiEntityType } from "./guardrail-definition.js";

export interface PiiMatch extends TextMatch {
  type: PiiEntityType;
}

/**
 * Bedrock finds PII with a model; bedrock-local uses fixed patterns so tests are deterministic. The
 * order matters: a card number is claimed before its digit groups could be read as a phone number.
 */
const DETECTORS: readonly { type: PiiEntityType; find: (text: string) => TextMatch[] }[] = [
  { type: "CREDIT_DEBIT_CARD_NUMBER", find: findCardNumbers },
  { type: "EMAIL", find: (text) => findRegExp(text, EMAIL) },
  { type: "PHONE", find: (text) => findRegExp(text, PHONE) },
];

const EMAIL = /(?<![\w.%+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])/g;

/**
 * Phone numbers written the way people write them: grouped 3-3-4 with separators (optionally a
 * `+country` prefix and a parenthesised area code), or E.164 (`+` and 8 to 15 digits). A bare run of
 * ten digits is not a phone number here, so account numbers stay the business of custom regexes.
 */
const PHONE =
  /(?<![\w+])(?:(?:\+\d{1,3}[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}|\+\d{8,15})(?!\w)/g;

/** 13 to 19 digits, optionally grouped by spaces or dashes, that pass the Luhn check card numbers carry. */
const CARD_CANDIDATE = /(?<![\d-])(?:\d[ -]?){12,18}\d(?!\d)/g;

/** The PII of the given types in `text`, in order of position. */
export function detectPii(text: string, types: readonly PiiEntityType[]): PiiMatch[] {
  const claimed: PiiMatch[] = [];
  for (const detector of DETECTORS) {
    for (const found of detector.find(text)) {
      if (!claimed.some((other) => found.start < other.end && other.start < found.end))
        claimed.push({ ...found, type: detector.type });
    }
  }
  return claimed.filter((match) => types.includes(match.type)).sort((a, b) => a.start - b.start);
}

function findCardNumbers(text: string): TextMatch[] {
  return findRegExp(text, CARD_CANDIDATE).filter((found) => passesLuhn(found.match.replace(/\D/g, "")));
}

/** The Luhn checksum: doubling every second digit from the right, the sum is a multiple of 10. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}
