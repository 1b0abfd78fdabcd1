// Placeholder: replaced by the lead with real server provisioning.
export default async function setup(): Promise<void> {}
