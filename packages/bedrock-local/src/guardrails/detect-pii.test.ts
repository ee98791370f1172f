import { describe, expect, it } from "vitest";
import { detectPii, passesLuhn } from "./detect-pii.js";

const ALL = ["EMAIL", "PHONE", "CREDIT_DEBIT_CARD_NUMBER"] as const;

function found(text: string) {
  return detectPii(text, ALL).map(({ type, match }) => [type, match]);
}

describe("detectPii", () => {
  it("finds email addresses, ignoring the sentence's final full stop", () => {
    expect(found("Send this report to email abc@pqrt.com.")).toEqual([["EMAIL", "abc@pqrt.com"]]);
    expect(found("first.last+tag@mail.example.co.uk")).toEqual([
      ["EMAIL", "first.last+tag@mail.example.co.uk"],
    ]);
  });

  it("finds phone numbers written with separators or in E.164", () => {
    expect(found("Call 607-456-7890, (212) 555-0100, +1 415.555.2671 or +442071838750.")).toEqual([
      ["PHONE", "607-456-7890"],
      ["PHONE", "(212) 555-0100"],
      ["PHONE", "+1 415.555.2671"],
      ["PHONE", "+442071838750"],
    ]);
  });

  it("leaves a bare run of ten digits to custom regexes", () => {
    expect(found("Account 1234561666 is open.")).toEqual([]);
  });

  it("finds card numbers that pass the Luhn check, grouped or not", () => {
    expect(found("Card 4111 1111 1111 1111 and 5500-0000-0000-0004 and 378282246310005.")).toEqual([
      ["CREDIT_DEBIT_CARD_NUMBER", "4111 1111 1111 1111"],
      ["CREDIT_DEBIT_CARD_NUMBER", "5500-0000-0000-0004"],
      ["CREDIT_DEBIT_CARD_NUMBER", "378282246310005"],
    ]);
    expect(found("Order 1234 5678 9012 3456 shipped.")).toEqual([]);
  });

  it("reports only the requested types, and never reads a card number's digits as a phone", () => {
    expect(detectPii("4111-1111-1111-1111 or ana@example.com", ["PHONE"])).toEqual([]);
    expect(detectPii("4111-1111-1111-1111 or ana@example.com", ["EMAIL"]).map((m) => m.match)).toEqual([
      "ana@example.com",
    ]);
  });
});

describe("passesLuhn", () => {
  it("accepts valid card numbers and rejects altered ones", () => {
    expect(passesLuhn("4111111111111111")).toBe(true);
    expect(passesLuhn("4111111111111112")).toBe(false);
    expect(passesLuhn("")).toBe(false);
  });
});
