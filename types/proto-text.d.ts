// `.proto` files imported by the backend are bundled as text (see scripts/build-backend.mjs).
declare module '*.proto' {
  const text: string;
  export default text;
}
