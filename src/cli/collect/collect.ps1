<#
topoc collect: a read-only snapshot of the Lync Server 2013 voice configuration that topoc
models, written as one JSON file (docs/snapshot.md describes it; docs/snapshot.schema.json is
its JSON Schema).

It only reads: every cmdlet it runs is a Get- cmdlet, and the one thing it writes is the
snapshot file. Run it in the Lync Server Management Shell as a member of RTCUniversalReadOnlyAdmins
(or any role that may read the configuration):

    .\topoc-collect.ps1 -Path snapshot.json

Every value is written as text, or as a list of values, whatever its .NET type: enumerations by
name rather than number, identities as Lync prints them. Objects keep the property names of the
cmdlet reference. Nothing is left to ConvertTo-Json's own conversions.
#>
param([string]$Path = 'topoc-snapshot.json')
$ErrorActionPreference = 'Stop'

# A value as text, a list, or an object of such values (at most four levels deep).
function ConvertTo-TopocValue($Value, [int]$Depth) {
    if ($null -eq $Value) { return $null }
    if ($Value -is [string] -or $Value -is [ValueType] -or $Depth -ge 4) { return [string]$Value }
    if ($Value -is [System.Collections.IEnumerable]) {
        return ,@($Value | ForEach-Object { ConvertTo-TopocValue $_ ($Depth + 1) })
    }
    $object = [ordered]@{}
    foreach ($property in $Value.PSObject.Properties) {
        $object[$property.Name] = ConvertTo-TopocValue $property.Value ($Depth + 1)
    }
    return $object
}

# Every object a Get- cmdlet returned, converted, as a list (empty when none).
function ConvertTo-TopocList($Objects) {
    return ,@($Objects | ForEach-Object { ConvertTo-TopocValue $_ 0 })
}

$snapshot = [ordered]@{
    format = 'topoc-snapshot'
    version = '1'
    collected = [DateTime]::UtcNow.ToString('o')
    topology = [string](Get-CsTopology -AsXml)
    PstnUsages = ConvertTo-TopocList (Get-CsPstnUsage)
    TrunkConfigurations = ConvertTo-TopocList (Get-CsTrunkConfiguration)
    Trunks = ConvertTo-TopocList (Get-CsTrunk)
    PstnGateways = ConvertTo-TopocList (Get-CsService -PstnGateway)
    VoiceRoutes = ConvertTo-TopocList (Get-CsVoiceRoute)
    VoicePolicies = ConvertTo-TopocList (Get-CsVoicePolicy)
    DialPlans = ConvertTo-TopocList (Get-CsDialPlan)
    UnassignedNumbers = ConvertTo-TopocList (Get-CsUnassignedNumber)
    Announcements = ConvertTo-TopocList (Get-CsAnnouncement)
    MediaConfigurations = ConvertTo-TopocList (Get-CsMediaConfiguration)
    NetworkConfiguration = ConvertTo-TopocList (Get-CsNetworkConfiguration)
    NetworkRegions = ConvertTo-TopocList (Get-CsNetworkRegion)
    NetworkSites = ConvertTo-TopocList (Get-CsNetworkSite)
    NetworkSubnets = ConvertTo-TopocList (Get-CsNetworkSubnet)
    BandwidthPolicyProfiles = ConvertTo-TopocList (Get-CsNetworkBandwidthPolicyProfile)
    RegionLinks = ConvertTo-TopocList (Get-CsNetworkRegionLink)
    InterRegionRoutes = ConvertTo-TopocList (Get-CsNetworkInterRegionRoute)
    InterSitePolicies = ConvertTo-TopocList (Get-CsNetworkInterSitePolicy)
}

$snapshot | ConvertTo-Json -Depth 12 | Out-File -FilePath $Path -Encoding utf8
Write-Host "topoc snapshot written to $Path"
