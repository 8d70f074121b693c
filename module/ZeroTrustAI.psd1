@{
    # build.ps1 stages this file into out/ZeroTrustAI and stamps ModuleVersion from Directory.Build.props
    # (VersionPrefix), the single version source; the value here is only a placeholder.
    ModuleVersion        = '0.0.0'
    GUID                 = 'a5160f78-4367-4059-8655-7b8687af490d'
    Author               = 'ZeroTrustAI developers'
    CompanyName          = 'ZeroTrustAI developers'
    Copyright            = '(c) ZeroTrustAI developers. All rights reserved.'
    Description          = 'Assesses a Microsoft tenant and Azure estate for Zero Trust for AI across the AI, Data and Network pillars, offline, from a snapshot of Microsoft Graph and Azure Resource Manager data.'

    RootModule           = 'bin/ZeroTrustAI.PowerShell.dll'
    # Imported before the RootModule: loads the engine (so its types, such as [ZeroTrustAI.Engine.Model.Pillar], are
    # usable before a cmdlet runs), the image compiled ahead of time for this platform when bin/ready-to-run has one.
    NestedModules        = @('bin/ZeroTrustAI.Bootstrap.dll')
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Core', 'Desktop')
    # netstandard2.0 assemblies need .NET Framework 4.7.2 or later under Windows PowerShell.
    DotNetFrameworkVersion = '4.7.2'

    FormatsToProcess     = @('ZeroTrustAI.Format.ps1xml')

    CmdletsToExport      = @(
        'Get-ZtaiAssessment'
        'Import-ZtaiSnapshot'
        'Get-ZtaiControl'
        'Test-ZtaiAgentPrivilege'
        'Export-ZtaiReport'
        'Connect-ZtaiTenant'
        'Disconnect-ZtaiTenant'
        'Get-ZtaiConnection'
        'Save-ZtaiSnapshot'
        'Merge-ZtaiZtaReport'
        'Compare-ZtaiAssessment'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()

    PrivateData          = @{
        PSData = @{
            Tags       = @('ZeroTrust', 'AI', 'Security', 'Assessment', 'Entra', 'Azure', 'AzureOpenAI', 'AIFoundry', 'MicrosoftGraph', 'Agents', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
        }
    }
}
