// Public face of the cart room (counter sessions and drafts).
export {
  getCart, viewCart, applyIntent, scanItem, addItem, setQuantity, removeLine, setLineDiscount, setOrderDiscount, overridePrice, setCustomer,
  setSalesperson, setNote, clearCart, checkoutCart, type CartView, type CartLineView, type CartState, type CartContext, type CartEffects, type CheckoutResult,
} from './cart.service.ts';
export { parkCart, resumeDraft, deleteDraft, listDrafts, printQuote, type DraftSummary } from './cart.drafts.ts';
export { cartRoutes } from './cart.routes.ts';
