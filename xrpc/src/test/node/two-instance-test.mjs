// Two demo instances on one PostgreSQL database, driven with the official @atproto/api client: sign up on the
// first, log in and refresh on the second, refresh again on the first. Exits non-zero on the first mismatch.
//
//   PDS_URL_A, PDS_URL_B  the two instances' URLs (same database, same JWT secret)
//   PDS_ADMIN_PASSWORD    their admin password
import assert from 'node:assert/strict'
import { AtpAgent } from '@atproto/api'
import { adminAuthorization, step, stepsPassed } from './steps.mjs'

const a = process.env.PDS_URL_A
const b = process.env.PDS_URL_B
const adminPassword = process.env.PDS_ADMIN_PASSWORD
if (!a || !b || !adminPassword) {
  console.error('PDS_URL_A, PDS_URL_B and PDS_ADMIN_PASSWORD are required')
  process.exit(2)
}
const adminAuth = adminAuthorization(adminPassword)


const suffix = Date.now().toString(36)
const handle = `two${suffix}.test`
const password = 'two-instance-pw'
let did

let invite
await step('an invite code from instance A', async () => {
  const admin = new AtpAgent({ service: a })
  const res = await admin.com.atproto.server.createInviteCode(
    { useCount: 1 }, { headers: { authorization: adminAuth } })
  invite = res.data
})

await step('sign up on instance A', async () => {
  const agentA = new AtpAgent({ service: a })
  const res = await agentA.createAccount({ handle, email: `${handle}@mail.test`, password, inviteCode: invite.code })
  did = res.data.did
  assert.match(did, /^did:plc:/)
})

const agentB = new AtpAgent({ service: b })
await step('log in on instance B', async () => {
  const res = await agentB.login({ identifier: handle, password })
  assert.equal(res.data.did, did)
})

let refreshed
await step('refresh on instance B', async () => {
  const before = agentB.session.refreshJwt
  const res = await agentB.com.atproto.server.refreshSession(undefined, {
    headers: { authorization: `Bearer ${before}` },
  })
  assert.equal(res.data.did, did)
  assert.notEqual(res.data.refreshJwt, before)
  refreshed = res.data
})

await step('the refreshed tokens work on instance A', async () => {
  const agentA = new AtpAgent({ service: a })
  const info = await agentA.com.atproto.server.getSession(undefined, {
    headers: { authorization: `Bearer ${refreshed.accessJwt}` },
  })
  assert.equal(info.data.did, did)
  assert.equal(info.data.handle, handle)
  const again = await agentA.com.atproto.server.refreshSession(undefined, {
    headers: { authorization: `Bearer ${refreshed.refreshJwt}` },
  })
  assert.equal(again.data.did, did)
})

console.log(`two instances: ${stepsPassed()} steps passed`)
