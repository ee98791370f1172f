import { defineTool } from "@lode/tools";
import { z } from "zod";

/** Refunds above this many euros wait for a person's approval; smaller ones run at once. */
export const REFUND_APPROVAL_THRESHOLD = 100;

/** Made-up invoices, so the demo needs no billing system. */
const INVOICES: Record<string, { customer: string; amount: number; charged: number; status: string }> = {
  "INV-1042": { customer: "Ana Lima", amount: 149, charged: 2, status: "paid twice" },
  "INV-1043": { customer: "Rui Costa", amount: 39, charged: 1, status: "paid" },
};

export const lookupInvoice = defineTool({
  name: "lookup_invoice",
  description: "An invoice by its number: the customer, the amount in euros, and how often it was charged.",
  input: z.object({ invoiceId: z.string().describe("e.g. INV-1042") }),
  idempotent: true,
  run: ({ invoiceId }) => {
    const invoice = INVOICES[invoiceId.toUpperCase()];
    if (!invoice) throw new Error(`No invoice ${invoiceId}. Invoice numbers look like INV-1042.`);
    return { invoiceId, ...invoice };
  },
});

export const refund = defineTool({
  name: "refund",
  description: `Refunds an amount in euros against an invoice. Refunds over ${REFUND_APPROVAL_THRESHOLD} € wait for a person's approval.`,
  input: z.object({
    invoiceId: z.string(),
    amount: z.number().positive().describe("euros"),
    reason: z.string(),
  }),
  needsApproval: ({ amount }) => amount > REFUND_APPROVAL_THRESHOLD,
  run: ({ invoiceId, amount }) => ({ invoiceId, refunded: amount, reference: `RF-${invoiceId.slice(4)}-1` }),
});

/** The product documentation the docs agent searches: a few pages, in memory. */
export const DOC_PAGES = [
  {
    id: "sync-errors",
    title: "Sync error codes",
    text: "E41: the device is offline. E42: the sync token expired; sign out and sign in again to get a new one. E43: the account is over its storage quota.",
  },
  {
    id: "exports",
    title: "Exporting your data",
    text: "Settings → Data → Export writes a ZIP of every project; large accounts get an email link instead.",
  },
  {
    id: "two-factor",
    title: "Two-factor sign-in",
    text: "Turn on two-factor sign-in under Settings → Security. Lost your phone? Use one of your recovery codes.",
  },
];

export const searchDocs = defineTool({
  name: "search_docs",
  description: "Searches the product documentation; returns the pages that mention every word of the query.",
  input: z.object({ query: z.string().min(1) }),
  idempotent: true,
  run: ({ query }) => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const pages = DOC_PAGES.filter((page) =>
      words.every((word) => `${page.title} ${page.text}`.toLowerCase().includes(word)),
    );
    return { query, pages };
  },
});
